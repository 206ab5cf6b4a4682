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

const struct scenario explore_scenarios[] = {
    {"exhaust", "3 harts take pages until kalloc returns 0", 3, 5, 0, take_until_none},
    {"handoff", "hart 2 has freed every page and never allocated; harts 0 and 1 take them all", 3,
     4, hand_to_hart2, others_take_all},
    {"freesteal", "hart 0 frees its pages one by one while 2 harts take 2 each", 3, 4, take_all,
     give_while_others_take},
    {"hoard", "hart 0 hoards every page; 2 harts take and free a page, twice", 3, 4, 0,
     hoard_or_churn},
    {"freeall", "3 harts free the 4 pages they hold, then take until kalloc returns 0", 3, 4,
     take_some, free_all_then_take},
    {0, 0, 0, 0, 0, 0},
};
