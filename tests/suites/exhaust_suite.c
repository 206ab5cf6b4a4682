/* "exhaust": every hart allocates until kalloc returns 0, all at the same time, keeping its
   pages. Then: no page is held twice, the pages add up to the free count before, and no
   hart was told "out of memory" while pages were still free. Every hart then frees the
   pages of its neighbour, so all lists are refilled from elsewhere. Several rounds. */
#include "harness.h"
#include "kalloc.h"
#include "on_harts.h"
#include "options.h"
#include "pagechain.h"
#include "printf.h"

/* Indexed by rank among the participants. */
static struct pagechain held[KMEM_MAX_HARTS];
static unsigned long seen_at_zero[KMEM_MAX_HARTS]; /* taken_so_far when kalloc gave 0 */
static unsigned long taken_so_far;                 /* pages taken by all harts, as they go */
static unsigned long bad;

static void take_all_then_free_neighbours(void *arg)
{
    (void)arg;
    int me = on_harts_rank();
    struct pagechain *mine = &held[me];
    chain_init(mine);
    while (chain_take(mine, 1, (unsigned long)me) == 1)
        __atomic_add_fetch(&taken_so_far, 1, __ATOMIC_RELAXED);
    seen_at_zero[me] = __atomic_load_n(&taken_so_far, __ATOMIC_RELAXED);

    on_harts_barrier(); /* everyone holds all they could get */
    __atomic_add_fetch(&bad, chain_bad_pages(mine, (unsigned long)me), __ATOMIC_RELAXED);
    on_harts_barrier(); /* nobody frees a page another hart is still checking */

    /* Free the next participant's pages: they land on this hart's list, not theirs. */
    chain_give(&held[(me + 1) % on_harts_count()], ~0UL);
}

#define ROUND_LINES 5

static int exhaust_run(void)
{
    unsigned long rounds = option("exhaust_rounds");
    int n = hart_count();
    for (unsigned long r = 0; r < rounds; r++) {
        unsigned long before = kmem_free_count();
        taken_so_far = 0;
        bad = 0;
        on_all_harts(take_all_then_free_neighbours, 0);
        unsigned long after = kmem_free_count();

        /* A hart's 0 is genuine if, when it came, every page was taken or being taken:
           at most one kalloc in flight on each other hart, not yet counted (and, under
           the cached policy, what the other harts' caches held). */
        unsigned long slack = (unsigned long)(n - 1) + cached_out_of_reach(n - 1);
        unsigned long earliest_zero = ~0UL;
        for (int i = 0; i < n; i++) {
            if (seen_at_zero[i] < earliest_zero)
                earliest_zero = seen_at_zero[i];
        }
        /* A line per round for a few rounds; past that, progress dots and a summary. */
        if (rounds <= ROUND_LINES)
            printf("exhaust round %lu: %d harts took %lu of %lu pages; first 0 seen after "
                   "%lu\n",
                   r + 1, n, taken_so_far, before, earliest_zero);
        else
            suite_progress(r + 1, rounds);
        if (rounds > ROUND_LINES && r + 1 < rounds &&
            (bad || taken_so_far != before || earliest_zero + slack < before || after != before))
            printf("\n"); /* a failure ends the line of dots */
        if (bad)
            return suite_fail("round %lu: %lu pages held by two harts or overwritten", r + 1, bad);
        if (taken_so_far != before)
            return suite_fail("round %lu: took %lu pages, %lu were free", r + 1, taken_so_far,
                              before);
        if (earliest_zero + slack < before)
            return suite_fail("round %lu: a hart got 0 with %lu of %lu pages taken (false "
                              "out of memory)",
                              r + 1, earliest_zero, before);
        if (after != before)
            return suite_fail("round %lu: free count %lu after, %lu before", r + 1, after, before);
    }
    if (rounds > ROUND_LINES)
        printf("exhaust: %lu rounds of %d harts, each took every free page, no false 0\n", rounds,
               n);
    return 0;
}

SUITE(exhaust, .name = "exhaust", .summary = "all harts exhaust memory at once, no false OOM",
      .standard = 1, .run = exhaust_run);
