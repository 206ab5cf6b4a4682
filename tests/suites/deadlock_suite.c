/* "deadlock": two harts take two locks in opposite orders (AB/BA), on purpose. The lock
   watchdog must stop the run and name both harts and both locks. With 3 harts or more, a
   third starts waiting for lock a first: its watchdog fires first, and must count a cycle
   of 2 harts with one more waiting on it. "starve" and "starve_stuck": a hart holds a lock
   (waiting for nothing) while another spins on it: no cycle, so not a deadlock; the run
   goes on past the bound, and only a holder that never lets go ends it, as starvation.
   None of them is in the standard set. */
#include "clock.h"
#include "harness.h"
#include "on_harts.h"
#include "spinlock.h"
#include "watchdog.h"

static void spin_ms(unsigned long ms)
{
    unsigned long end = clock_ticks() + clock_ms_to_ticks(ms);
    while (clock_ticks() < end)
        cpu_relax();
}

static struct spinlock lock_a, lock_b;

static void take_in_order(void *arg)
{
    (void)arg;
    int rank = on_harts_rank();
    if (rank >= 2) {
        on_harts_barrier();
        acquire(&lock_a); /* waits on the cycle, never part of it */
        return;
    }
    struct spinlock *mine = rank == 0 ? &lock_a : &lock_b;
    struct spinlock *theirs = rank == 0 ? &lock_b : &lock_a;
    acquire(mine);
    on_harts_barrier(); /* both hold their first lock now */
    if (on_harts_count() > 2)
        spin_ms(200); /* the third hart's wait starts first */
    acquire(theirs);  /* never returns: the watchdog ends the run */
    release(theirs);
    release(mine);
}

static int deadlock_run(void)
{
    if (hart_count() < 2)
        return suite_skip("needs 2 harts");
    if (!lock_a.name) {
        initlock(&lock_a, "deadlock.a");
        initlock(&lock_b, "deadlock.b");
    }
    struct hartset who;
    hartset_clear(&who);
    for (int i = 0; i < (hart_count() < 3 ? 2 : 3); i++)
        hartset_add(&who, i);
    on_harts(&who, take_in_order, 0);
    return suite_fail("the AB/BA deadlock was not caught");
}

static int hold_forever;

static void hold_or_wait(void *arg)
{
    (void)arg;
    static struct spinlock held;
    if (!held.name)
        initlock(&held, "starve.held");
    if (on_harts_rank() == 0) {
        acquire(&held);
        on_harts_barrier();
        /* Three bounds: past the deadlock bound, inside the starvation one. */
        do
            spin_ms(3 * watchdog_bound_ms());
        while (hold_forever);
        release(&held);
    } else {
        on_harts_barrier();
        acquire(&held);
        release(&held);
    }
}

static int starve(int forever)
{
    if (hart_count() < 2)
        return suite_skip("needs 2 harts");
    if (!watchdog_bound_ms())
        return suite_skip("the watchdog is off (watchdog_ms=0)");
    hold_forever = forever;
    struct hartset two;
    hartset_clear(&two);
    hartset_add(&two, 0);
    hartset_add(&two, 1);
    on_harts(&two, hold_or_wait, 0);
    return forever ? suite_fail("a holder that never lets go was not reported") : 0;
}

static int starve_run(void)
{
    return starve(0);
}

static int starve_stuck_run(void)
{
    return starve(1);
}

SUITE(deadlock, .name = "deadlock", .summary = "AB/BA deadlock on purpose (checks the watchdog)",
      .run = deadlock_run);
SUITE(starve, .name = "starve",
      .summary = "a lock held 3 watchdog bounds, no cycle: the run goes on (checks the watchdog)",
      .run = starve_run);
SUITE(starve_stuck, .name = "starve_stuck",
      .summary = "a lock never released, no cycle: reported as starvation (checks the watchdog)",
      .run = starve_stuck_run);
