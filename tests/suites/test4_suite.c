/* "test4": contention under memory pressure. Three quarters of the harts churn while the
   rest, again and again, take every free page at once and give them all back, so the
   churners' lists keep running dry and refilling by stealing. tot is reported; any page
   lost or handed out twice fails. */
#include "churn.h"
#include "harness.h"
#include "kalloc.h"
#include "kmem_table.h"
#include "lockstat.h"
#include "on_harts.h"
#include "options.h"
#include "pagechain.h"
#include "printf.h"
#include "trace.h"

static int stop;
static int churners;
static int hoarders_done;
static unsigned long rounds;
static unsigned long bad;     /* pages with a wrong stamp */
static unsigned long misses;  /* churner kallocs that came back 0 */
static unsigned long hoarded; /* pages taken by hoarders, all rounds */

static void churn_or_hoard(void *arg)
{
    (void)arg;
    int rank = on_harts_rank();
    if (rank < churners) {
        __atomic_add_fetch(&misses, churn(~0UL, &stop), __ATOMIC_RELAXED);
        return;
    }
    int index = this_hart()->index;
    for (unsigned long r = 0; r < rounds; r++) {
        struct pagechain held;
        chain_init(&held);
        unsigned long n = chain_take(&held, ~0UL, (unsigned long)index);
        __atomic_add_fetch(&hoarded, n, __ATOMIC_RELAXED);
        __atomic_add_fetch(&bad, chain_bad_pages(&held, (unsigned long)index), __ATOMIC_RELAXED);
        chain_give(&held, ~0UL);
        if (rank == churners)
            suite_progress(r + 1, rounds);
    }
    if (__atomic_add_fetch(&hoarders_done, 1, __ATOMIC_ACQ_REL) == on_harts_count() - churners)
        __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
}

static int test4_run(void)
{
    if (hart_count() < 2)
        return suite_skip("needs 2 harts (one churning, one hoarding)");
    churners = hart_count() * 3 / 4;
    if (churners == hart_count())
        churners--;
    rounds = option("test4_rounds");
    stop = hoarders_done = 0;
    bad = misses = hoarded = 0;
    unsigned long before = kmem_free_count();

    unsigned long steals = kmem_steals_total();
    lockstat_reset();
    on_all_harts(churn_or_hoard, 0);
    unsigned long tot = lockstat_tot(), acquires = lockstat_kmem_acquires();
    trace_note(TRACE_COUNTERS, 1, 0); /* kmem_stats takes the locks: counted no more */
    steals = kmem_steals_total() - steals;

    printf("test4: %d churning, %d hoarding %lu rounds (%lu pages taken in all); churners "
           "saw 0 %lu times; kmem tot= %lu over %lu acquires\n",
           churners, hart_count() - churners, rounds, hoarded, misses, tot, acquires);
    printf("BENCH test=test4 policy=%s harts=%d tot=%lu acquires=%lu misses=%lu steals=%lu\n",
           kmem_policy.name, hart_count(), tot, acquires, misses, steals);
    if (bad)
        return suite_fail("%lu pages handed out twice or overwritten", bad);
    return check_free_count(before);
}

SUITE(test4, .name = "test4", .summary = "churn while others take all memory (tot reported)",
      .standard = 1, .run = test4_run);
