/* "nearoom": stealing on the last pages. One hart takes all but 128 free pages; then each
   hart in turn runs countfree() and must find exactly 128, wherever the previous round
   left them (on the previous counter's list, so every round steals them all back). */
#include "harness.h"
#include "kalloc.h"
#include "on_harts.h"
#include "options.h"
#include "pagechain.h"
#include "printf.h"

#define LEFT_FREE 128

static int nearoom_run(void)
{
    unsigned long rounds = option("nearoom_rounds");
    unsigned long before = kmem_free_count();
    if (before <= LEFT_FREE)
        return suite_skip("only %lu pages free", before);

    struct pagechain hoard;
    chain_init(&hoard);
    chain_take(&hoard, before - LEFT_FREE, 0);

    unsigned long wrong = 0, first_wrong = 0, wrong_count = 0;
    for (unsigned long r = 0; r < rounds; r++) {
        unsigned long counted = countfree_on((int)(r % (unsigned long)hart_count()));
        if (counted != LEFT_FREE && wrong++ == 0) {
            first_wrong = r + 1;
            wrong_count = counted;
        }
        suite_progress(r + 1, rounds);
    }
    unsigned long bad = chain_bad_pages(&hoard, 0);
    chain_give(&hoard, ~0UL);

    printf("nearoom: %lu rounds over %d harts with %d pages left free; %lu rounds wrong\n", rounds,
           hart_count(), LEFT_FREE, wrong);
    if (wrong)
        return suite_fail("%lu rounds did not find %d pages (round %lu found %lu)", wrong,
                          LEFT_FREE, first_wrong, wrong_count);
    if (bad)
        return suite_fail("%lu hoarded pages lost their stamp", bad);
    return check_free_count(before);
}

SUITE(nearoom, .name = "nearoom", .summary = "every hart finds the last 128 pages, 1000 times",
      .standard = 1, .run = nearoom_run);
