/* "handoff": pages freed by a hart that never allocated must be found by the others. Run
   before any other suite allocates: hart 0 takes every free page and the last hart, which
   has never called kalloc, frees them all; then hart 1 (hart 0 on a 1-hart machine) must
   take every one. An allocator that steals only from harts it has seen allocate, or only
   from lists below some index, cannot reach them. */
#include "harness.h"
#include "kalloc.h"
#include "on_harts.h"
#include "pagechain.h"
#include "printf.h"

static struct pagechain held;

static void take_all(void *arg)
{
    (void)arg;
    chain_take(&held, ~0UL, 0);
}

static void give_all(void *arg)
{
    (void)arg;
    chain_give(&held, ~0UL);
}

static void take_count_give(void *arg)
{
    struct pagechain mine;
    chain_init(&mine);
    *(unsigned long *)arg = chain_take(&mine, ~0UL, 1);
    chain_give(&mine, ~0UL);
}

static int handoff_run(void)
{
    int last = hart_count() - 1, taker = hart_count() > 1 ? 1 : 0;
    unsigned long before = kmem_free_count();
    chain_init(&held);
    on_hart(0, take_all, 0);
    unsigned long moved = held.count;
    on_hart(last, give_all, 0);
    unsigned long taken = 0;
    on_hart(taker, take_count_give, &taken);
    printf("handoff: hart index 0 took %lu pages, hart index %d freed them, hart index %d then "
           "took %lu of %lu\n",
           moved, last, taker, taken, before);
    if (taken != before)
        return suite_fail("hart index %d took %lu pages but %lu were free, all freed by hart "
                          "index %d, which never allocated",
                          taker, taken, before, last);
    return check_free_count(before);
}

SUITE(handoff, .name = "handoff",
      .summary = "pages freed by a hart that never allocated are found by another", .standard = 1,
      .run = handoff_run);
