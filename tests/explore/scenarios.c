/* The explorer's scenarios: the steal path's races in miniature, a few harts and a few
   pages each, small enough that every schedule within the preemption bound can be run.
   The steal path's thresholds are scaled down with them (tests/explore/CMakeLists.txt:
   steal_max 2, a chain of 2 detached whole, lists of 3 worth robbing at once), so a
   handful of pages takes each branch a kernel takes with hundreds. */
#include "explorer.h"
#include "intr.h"
#include "kmem_steal.h"
#include "spinlock.h"
#include "target.h"

/* handback: hart 0's list is one long chain of freed pages. Hart 1 steals from it: the
   chain is long enough to be detached whole, walked with no lock held, and the rest handed
   back. Hart 0, allocating meanwhile, finds its own list empty and starts to steal: the
   pages handed back to its own list must not be missed (the race behind a false
   out-of-memory once seen in exhaust at -m 1G). */
static void fill_own_list(int hart)
{
    if (hart == 0) {
        take_until_none(hart);
        while (sc_give(hart))
            ;
        target_hart_done(); /* a cache (the cached policy) drains onto the list */
    }
}

static void rob_and_allocate(int hart)
{
    sc_take(hart);
    if (hart == 1)
        sc_take(hart);
}

/* hartstop: hart 1 fills its own list and stops; the others take every page, so they must
   steal from the list of a hart that never runs again. */
static void fill_and_stop(int hart)
{
    if (hart == 1) {
        for (int i = 0; i < 3; i++)
            sc_take(hart);
        while (sc_give(hart))
            ;
    }
}

static void others_take_all(int hart)
{
    if (hart != 1)
        take_until_none(hart);
}

/* busy: harts 1-3 each hold their own list's lock for a while (as kmem_stats does, or an
   owner in its fast path) while hart 0, its list empty, steals: every victim it tries is
   busy, and steal gives up after STEAL_TRIES of them (4 harts). */
static void hold_own_lock(int hart)
{
    if (hart == 0) {
        take_until_none(hart);
        return;
    }
    acquire(&kmem_lists[hart].lock);
    cpu_relax();
    release(&kmem_lists[hart].lock);
}

/* deepwait: hart 1 detaches hart 0's chain and is held with it in flight (its in_flight
   hook waits) until hart 0's kalloc has looked 6 times: a kalloc must keep backing off,
   however many times, while pages are in flight. */
static void chain_on_hart0(int hart)
{
    if (hart == 1)
        target_hold_thief(1, 6);
    fill_own_list(hart);
}

static void take_three_or_one(int hart)
{
    for (int i = hart == 0 ? 3 : 1; i > 0; i--)
        sc_take(hart);
    if (hart == 0)
        target_release_thief(); /* done looking: a thief still held goes on */
}

/* irq: each hart takes two pages and frees what it holds; an interrupt may come at any
   point where a hart's interrupts are on (the moment they come back on included), and its
   handler takes a page, which the hart frees later (a driver's buffer). */
static void take_two_free_all(int hart)
{
    sc_take(hart);
    sc_take(hart);
    while (sc_give(hart))
        ;
}

static void handler_takes(int hart)
{
    sc_take(hart);
}

/* bigcut: hart 0 takes every page; hart 1's list of 6 never-used pages is robbed of capped
   batches (half of 6 is 3, above steal_max's 2). */
static void take_one(int hart)
{
    if (hart == 1)
        sc_take(hart);
    else
        take_until_none(hart);
}

/* census: hart 2's list is a chain of 4 freed pages; harts 0 and 1 start with their own
   lists empty. A thief (either) detaches the chain whole (the list reads empty while the
   4 pages are in flight), keeps 1, hands the rest back and lands it; the other, finding
   nothing, takes censuses meanwhile: what it reads of the counts without a lock must
   never add up to "no page anywhere" while pages are in flight or landing (the orders the
   census rests on, mm/kmem_steal.c, under the memory model). */
static void chain_on_hart2(int hart)
{
    for (int i = 0; i < 4; i++)
        sc_take(hart); /* each hart's own 4 never-used pages */
    if (hart == 2)
        while (sc_give(hart)) /* a chain of 4, linked */
            ;
}

static void steal_once_or_take_all(int hart)
{
    if (hart == 0)
        take_until_none(hart);
    else if (hart == 1)
        sc_take(hart);
}

/* What the other scenarios test (their programs are in programs.c):
   exhaust, batches: every hart allocates until kalloc returns 0, keeping what it gets.
   Last pages are stolen from lists whose owners are stealing too; the last kallocs must
   return 0 only when every page is held, and batches in flight must not be taken for
   nothing. With 4 never-used pages a list (batches), a steal cuts 2 off a fresh range.
   freesteal, freeback: hart 0 holds every page and gives them back one by one, while the
   others each try to take two: thieves look while pages arrive on a list. With 8 pages and
   one thief (freeback), hart 0's chain grows long enough to be detached whole while hart 0
   is still freeing onto it, and the rest is handed back meanwhile.
   hoard: test4 in miniature. Hart 0 takes every page it can and keeps them; the others
   churn, each taking a page and giving it back twice, under memory pressure. */
const struct scenario explore_scenarios[] = {
    {.name = "exhaust",
     .what = "3 harts take pages until kalloc returns 0",
     .nharts = 3,
     .pages = 7,
     .body = take_until_none},
    {.name = "batches",
     .what = "2 harts take pages until kalloc returns 0; steals cut batches of 2",
     .nharts = 2,
     .pages = 9,
     .body = take_until_none},
    {.name = "freesteal",
     .what = "hart 0 frees its pages one by one while 2 harts take 2 each",
     .nharts = 3,
     .pages = 5,
     .setup = take_all,
     .body = give_while_others_take},
    {.name = "freeback",
     .what = "hart 0 frees 8 pages one by one while hart 1, taking 2, detaches its chain "
             "and hands the rest back",
     .nharts = 2,
     .pages = 9,
     .setup = take_all,
     .body = give_while_others_take},
    {.name = "handback",
     .what = "hart 1 detaches hart 0's chain whole and hands the rest back; hart 0 "
             "allocates meanwhile",
     .nharts = 2,
     .pages = 7,
     .setup = fill_own_list,
     .body = rob_and_allocate},
    {.name = "hoard",
     .what = "hart 0 hoards every page; 2 harts take and free a page, twice",
     .nharts = 3,
     .pages = 5,
     .body = hoard_or_churn},
    {.name = "hartstop",
     .what = "hart 1 fills its list and stops; harts 0 and 2 take every page",
     .nharts = 3,
     .pages = 7,
     .setup = fill_and_stop,
     .body = others_take_all},
    {.name = "busy",
     .what = "harts 1-3 hold their own lists' locks while hart 0 steals",
     .nharts = 4,
     .pages = 5,
     .body = hold_own_lock,
     .shallow = 1},
    {.name = "deepwait",
     .what = "hart 1 holds hart 0's chain in flight until hart 0 has looked 6 times",
     .nharts = 2,
     .pages = 5,
     .setup = chain_on_hart0,
     .body = take_three_or_one},
    {.name = "irq",
     .what = "2 harts take 2 pages and free them; each may take an interrupt "
             "whose handler takes a page",
     .nharts = 2,
     .pages = 5,
     .body = take_two_free_all,
     .interrupt = handler_takes},
    {.name = "census",
     .what = "hart 2's list is a chain of 4; harts 0 and 1, their lists empty, steal it "
             "and take censuses while the other's batch is in flight",
     .nharts = 3,
     .pages = 13,
     .setup = chain_on_hart2,
     .body = steal_once_or_take_all},
    {.name = "bigcut",
     .what = "hart 0 takes every page; hart 1's 6 never-used pages are cut in "
             "capped batches",
     .nharts = 2,
     .pages = 13,
     .body = take_one},
    {0},
};
