/* "test3" (kalloctest test3's idea: allocation and counting at once): the first half of the
   harts churn pages while the others take turns running countfree(). A churner holds at
   most one page, so each countfree must find every page but at most one per churner (and,
   under the cached policy, what a churner's cache may hold): a smaller count means kalloc
   said "out of memory" while pages were free. */
#include "churn.h"
#include "harness.h"
#include "kalloc.h"
#include "on_harts.h"
#include "options.h"
#include "pagechain.h"
#include "printf.h"

static int stop;             /* set when the counters are done; churners then return */
static int churners;         /* harts of rank < churners churn */
static unsigned long rounds; /* countfree calls per counting hart */
static unsigned long lowest; /* smallest countfree seen */
static unsigned long turn;   /* whose countfree it is, counted over all counters' calls */
static unsigned long misses;

static void churn_or_count(void *arg)
{
    (void)arg;
    int rank = on_harts_rank();
    if (rank < churners) {
        __atomic_add_fetch(&misses, churn(~0UL, &stop), __ATOMIC_RELAXED);
        return;
    }
    int counters = on_harts_count() - churners;
    int me = rank - churners;
    for (unsigned long call = 0; call < rounds; call++) {
        /* Counters go one at a time, so each sees all memory but the churners' pages. */
        unsigned long ticket = call * (unsigned long)counters + (unsigned long)me;
        unsigned long now;
        while ((now = __atomic_load_n(&turn, __ATOMIC_ACQUIRE)) != ticket)
            on_harts_wait_change(&turn, now);
        unsigned long n = countfree();
        if (n < lowest)
            lowest = n;
        if (me == counters - 1)
            suite_progress(call + 1, rounds);
        __atomic_store_n(&turn, ticket + 1, __ATOMIC_RELEASE);
        on_harts_wake_all();
    }
    if (me == counters - 1)
        __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
}

static int test3_run(void)
{
    if (hart_count() < 2)
        return suite_skip("needs 2 harts (one churning, one counting)");
    churners = hart_count() / 2;
    rounds = option("test3_rounds");
    stop = 0;
    turn = 0;
    misses = 0;
    lowest = ~0UL;
    unsigned long before = kmem_free_count();

    on_all_harts(churn_or_count, 0);
    unsigned long held = (unsigned long)churners + cached_out_of_reach(churners);
    printf("test3: %d harts churning, %d counting %lu times each; lowest count %lu of %lu "
           "free (at most %lu held by churners); churners saw 0 %lu times while a counter "
           "held everything\n",
           churners, hart_count() - churners, rounds, lowest, before, held, misses);
    if (lowest + held < before)
        return suite_fail("countfree found %lu pages, %lu were free and churners hold <= %lu",
                          lowest, before, held);
    return check_free_count(before);
}

SUITE(test3, .name = "test3", .summary = "kalloctest test3: churn and countfree at once",
      .standard = 1, .run = test3_run);
