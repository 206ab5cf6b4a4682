/* "wakeup": idle harts sleep in wfi until poked; a lost poke would leave work undone. Many
   short dispatches to changing sets of harts (each one wakes every participant from its
   idle loop; on_harts panics naming a hart that has not taken its work after
   ON_HARTS_TAKE_LIMIT_MS), then a token passed round all harts with on_harts_wait_change,
   where every pass wakes the next hart from its sleep. Nothing is timed out by a backstop
   timer: a wakeup that goes missing shows as a panic or a hang here. */
#include "clock.h"
#include "harness.h"
#include "on_harts.h"
#include "options.h"
#include "printf.h"

struct wake_count {
    unsigned long runs; /* bodies this hart ran */
} __attribute__((aligned(CACHE_LINE)));

static struct wake_count counts[KMEM_MAX_HARTS];
static unsigned long token; /* whose turn in the ring: token % participants == rank */
static unsigned long laps;

static void count_run(void *arg)
{
    (void)arg;
    counts[this_hart()->index].runs++;
}

/* Rank r waits for the token to reach r, passes it on and wakes the others; laps times. */
static void pass_token(void *arg)
{
    (void)arg;
    unsigned long n = (unsigned long)on_harts_count(), me = (unsigned long)on_harts_rank();
    for (unsigned long lap = 0; lap < laps; lap++) {
        unsigned long mine = lap * n + me, now;
        while ((now = __atomic_load_n(&token, __ATOMIC_ACQUIRE)) != mine)
            on_harts_wait_change(&token, now);
        __atomic_store_n(&token, mine + 1, __ATOMIC_RELEASE);
        on_harts_wake_all();
        if (me == 0)
            suite_progress(lap + 1, laps);
    }
}

/* The set for round r: everyone, the even indices, the odd ones, or one hart in turn. */
static struct hartset round_set(unsigned long r, int n)
{
    struct hartset s;
    hartset_clear(&s);
    for (int i = 0; i < n; i++) {
        int in = r % 4 == 0 || (r % 4 == 1 && i % 2 == 0) || (r % 4 == 2 && i % 2 == 1) ||
                 (r % 4 == 3 && (unsigned long)i == (r / 4) % (unsigned long)n);
        if (in)
            hartset_add(&s, i);
    }
    return s;
}

static int wakeup_run(void)
{
    int n = hart_count();
    unsigned long rounds = option("wakeup_rounds");
    unsigned long expected[KMEM_MAX_HARTS] = {0};
    for (int i = 0; i < n; i++)
        counts[i].runs = 0;

    unsigned long t0 = clock_ticks();
    for (unsigned long r = 0; r < rounds; r++) {
        struct hartset s = round_set(r, n);
        if (hartset_count(&s) == 0)
            continue;
        on_harts(&s, count_run, 0);
        for (int i = 0; i < n; i++)
            expected[i] += (unsigned long)hartset_has(&s, i);
        suite_progress(r + 1, rounds);
    }
    unsigned long total = 0;
    for (int i = 0; i < n; i++) {
        total += counts[i].runs;
        if (counts[i].runs != expected[i])
            return suite_fail("hart index %d ran %lu bodies, %lu were posted to it", i,
                              counts[i].runs, expected[i]);
    }
    printf("wakeup: %lu dispatches, %lu bodies run on %d harts (%lu ms)\n", rounds, total, n,
           (clock_ticks() - t0) / clock_ms_to_ticks(1));

    token = 0;
    laps = rounds;
    t0 = clock_ticks();
    on_all_harts(pass_token, 0);
    printf("wakeup: token passed %lu times round %d harts (%lu ms)\n", laps, n,
           (clock_ticks() - t0) / clock_ms_to_ticks(1));
    if (token != laps * (unsigned long)n)
        return suite_fail("token at %lu, expected %lu", token, laps * (unsigned long)n);
    return 0;
}

SUITE(wakeup, .name = "wakeup", .summary = "idle harts wake for every dispatch and token pass",
      .standard = 0, .run = wakeup_run);
