/* The explorer's scenarios: the steal path's races in miniature, a few harts and a few
   pages each, small enough that every schedule within the preemption bound can be run.
   The steal path's thresholds are scaled down with them (tests/explore/CMakeLists.txt:
   steal_max 2, a chain of 2 detached whole, lists of 3 worth robbing at once), so a
   handful of pages takes each branch a kernel takes with hundreds. */
#include "explorer.h"

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
    {"exhaust", "3 harts take pages until kalloc returns 0", 3, 7, 0, take_until_none},
    {"batches", "2 harts take pages until kalloc returns 0; steals cut batches of 2", 2, 9, 0,
     take_until_none},
    {"freesteal", "hart 0 frees its pages one by one while 2 harts take 2 each", 3, 5, take_all,
     give_while_others_take},
    {"freeback",
     "hart 0 frees 8 pages one by one while hart 1, taking 2, detaches its chain "
     "and hands the rest back",
     2, 9, take_all, give_while_others_take},
    {"handback",
     "hart 1 detaches hart 0's chain whole and hands the rest back; hart 0 "
     "allocates meanwhile",
     2, 7, fill_own_list, rob_and_allocate},
    {"hoard", "hart 0 hoards every page; 2 harts take and free a page, twice", 3, 5, 0,
     hoard_or_churn},
    {"hartstop", "hart 1 fills its list and stops; harts 0 and 2 take every page", 3, 7,
     fill_and_stop, others_take_all},
    {0, 0, 0, 0, 0, 0},
};
