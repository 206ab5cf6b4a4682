/* "inflight": the false out-of-memory race, made to happen every run (needs a kernel with
   test hooks, kalloc.h). A thief is stopped after cutting a batch off its victim, before
   landing it; meanwhile another hart takes every page it can find. When that hart's
   census finds every list empty, the batch is still in flight: kalloc must not return 0
   then. The drainer's second empty census lets the thief go, so a kalloc that gave up
   after one empty census, or after two that ignore pages in flight, returns 0 with the
   batch's pages free, every time; a correct one goes on to find the rest of the batch on
   the thief's list. */
#include "harness.h"
#include "intr.h"
#include "kalloc.h"
#include "on_harts.h"
#include "pagechain.h"
#include "printf.h"

static int thief, drainer;               /* hart indices */
static int holding;                      /* the thief is stopped in flight */
static int released;                     /* the drainer's 2nd empty census let it go */
static unsigned long free_at_empty_pass; /* the batch in flight: all that was left */
static unsigned long empty_passes_while_held;
static unsigned long drained;
static struct pagechain thief_own, drainer_chain;
static void *thief_page;

static void stop_thief(void)
{
    if (this_hart()->index != thief || __atomic_load_n(&holding, __ATOMIC_RELAXED))
        return;
    __atomic_store_n(&holding, 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&released, __ATOMIC_ACQUIRE))
        cpu_relax();
}

static void release_thief(void)
{
    if (this_hart()->index != drainer)
        return;
    if (__atomic_load_n(&holding, __ATOMIC_ACQUIRE) &&
        !__atomic_load_n(&released, __ATOMIC_RELAXED)) {
        free_at_empty_pass = kmem_free_count();
        if (++empty_passes_while_held == 2)
            __atomic_store_n(&released, 1, __ATOMIC_RELEASE);
    }
}

/* The thief empties its own list, so that its next kalloc steals. */
static void empty_own_list(void *arg)
{
    (void)arg;
    struct kmem_hart_stats st;
    kmem_stats(thief, &st);
    chain_init(&thief_own);
    chain_take(&thief_own, st.length, 0);
}

static void race(void *arg)
{
    (void)arg;
    if (this_hart()->index == thief) {
        thief_page = kalloc(); /* steals, and stops in flight */
        return;
    }
    while (!__atomic_load_n(&holding, __ATOMIC_ACQUIRE))
        cpu_relax();
    chain_init(&drainer_chain);
    drained = chain_take(&drainer_chain, ~0UL, 0);
    __atomic_store_n(&released, 1, __ATOMIC_RELEASE); /* it gave up before the 2nd census */
}

static int inflight_run(void)
{
    if (hart_count() < 2)
        return suite_skip("needs two harts");
    thief = hart_count() - 1;
    drainer = 0;
    holding = released = 0;
    empty_passes_while_held = 0;
    if (!kmem_policy.set_hooks)
        return suite_skip("this kernel has no test hooks (tests/CMakeLists.txt builds one)");
    struct kmem_hooks hooks = {stop_thief, release_thief};
    kmem_policy.set_hooks(&hooks);

    unsigned long before = kmem_free_count();
    on_hart(thief, empty_own_list, 0);
    struct hartset both;
    hartset_clear(&both);
    hartset_add(&both, thief);
    hartset_add(&both, drainer);
    on_harts(&both, race, 0);
    kmem_policy.set_hooks(0);

    unsigned long left = kmem_free_count(); /* pages no one took */
    printf("inflight: thief hart index %d stopped with a batch in flight; %lu empty census(es) "
           "by hart index %d while it was; %lu free then; the drainer took %lu, the thief %lu "
           "+ %d; %lu left after kalloc returned 0\n",
           thief, empty_passes_while_held, drainer, free_at_empty_pass, drained, thief_own.count,
           thief_page != 0, left);

    chain_give(&drainer_chain, ~0UL);
    chain_give(&thief_own, ~0UL);
    if (thief_page)
        kfree(thief_page);
    if (!holding || empty_passes_while_held == 0)
        return suite_fail("the race was not set up: the thief never stopped in flight, or no "
                          "census came back empty while it was");
    if (left)
        return suite_fail("false out of memory: kalloc returned 0 on hart index %d while %lu "
                          "pages were free (a stolen batch in flight)",
                          drainer, left);
    return check_free_count(before);
}

SUITE(inflight, .name = "inflight",
      .summary = "a steal held in flight: kalloc must not report out-of-memory (test kernels)",
      .standard = 0, .run = inflight_run);
