/* The explorer's scenarios for an xv6 lab kalloc.c: the lab's bug classes in miniature.
   Each schedule boots the file afresh (its own kinit and freerange over the arena, run on
   hart 0 with interrupts off, as xv6's main does), then 2 or 3 harts, each a CPU, run
   with interrupts on, as system calls do:
   - exhaust: every hart allocates until kalloc returns 0 (steals from lists whose owners
     steal too: AB/BA deadlocks, unlocked peeks, batches between two lists);
   - handoff: the pages sit on the list of a CPU that has freed them but never allocated,
     and the two others take them all (stealing at all, from every CPU);
   - freesteal: hart 0 frees its pages one by one while two harts take two each (steals
     from a list that is growing);
   - hoard: hart 0 takes every page and keeps it; two harts take and free a page, twice
     (kalloctest's test4 in miniature: memory runs out under churn);
   - freeall: every hart holds pages, frees them all at once with the others, then takes
     until kalloc returns 0 (kfrees on every CPU together, then exhaustion). */
#include "explorer.h"

/* handoff's set-up: hart 0 takes every page, hart 2 frees them (its first and only calls). */
static void hand_to_hart2(int hart)
{
    if (hart == 0)
        take_until_none(hart);
    if (hart == 2) {
        sc_hand(0, 2);
        while (sc_give(hart))
            ;
    }
}

static void others_take_all(int hart)
{
    if (hart != 2)
        take_until_none(hart);
}

static void take_some(int hart)
{
    for (int i = hart == 0 ? 2 : 1; i > 0; i--)
        sc_take(hart);
}

static void free_all_then_take(int hart)
{
    while (sc_give(hart))
        ;
    take_until_none(hart);
}

/* abachurn: every page on CPU 0's list; hart 0 takes A, takes B and frees A while hart 1,
   its own list empty, takes a page from CPU 0's list: a lock-free pop that read A and A's
   next, then swaps the head from A to B, puts B (held) back on the list. */
static void pages_on_cpu0(int hart)
{
    if (hart == 0) {
        take_until_none(hart);
        while (sc_give(hart))
            ;
    }
}

static void churn_or_take(int hart)
{
    if (hart == 1) {
        sc_take(hart);
        sc_take(hart);
        return;
    }
    sc_take(hart);
    sc_take(hart);
    sc_give_first(hart);
}

const struct scenario explore_scenarios[] = {
    {.name = "exhaust",
     .what = "3 harts take pages until kalloc returns 0",
     .nharts = 3,
     .pages = 5,
     .body = take_until_none},
    {.name = "handoff",
     .what = "hart 2 has freed every page and never allocated; harts 0 and 1 take them all",
     .nharts = 3,
     .pages = 4,
     .setup = hand_to_hart2,
     .body = others_take_all},
    {.name = "freesteal",
     .what = "hart 0 frees its pages one by one while 2 harts take 2 each",
     .nharts = 3,
     .pages = 4,
     .setup = take_all,
     .body = give_while_others_take},
    {.name = "hoard",
     .what = "hart 0 hoards every page; 2 harts take and free a page, twice",
     .nharts = 3,
     .pages = 4,
     .body = hoard_or_churn},
    {.name = "freeall",
     .what = "3 harts free the 4 pages they hold, then take until kalloc returns 0",
     .nharts = 3,
     .pages = 4,
     .setup = take_some,
     .body = free_all_then_take},
    {.name = "abachurn",
     .what = "hart 0 takes A, takes B, frees A while hart 1 takes 2 from CPU 0's list",
     .nharts = 2,
     .pages = 4,
     .setup = pages_on_cpu0,
     .body = churn_or_take},
    {.name = "bigsteal",
     .what = "hart 2 has freed 300 pages; harts 0 and 1 take them all (a file's batch limits "
             "crossed)",
     .nharts = 3,
     .pages = 300,
     .setup = hand_to_hart2,
     .body = others_take_all,
     .shallow = 1},
    {0},
};
