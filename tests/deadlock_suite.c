/* "deadlock": two harts take two locks in opposite orders (AB/BA), on purpose. The lock
   watchdog must stop the run and name both harts and both locks. Not in the standard set. */
#include "harness.h"
#include "on_harts.h"
#include "spinlock.h"

static struct spinlock lock_a, lock_b;

static void take_in_order(void *arg)
{
    (void)arg;
    int first = on_harts_rank() == 0;
    struct spinlock *mine = first ? &lock_a : &lock_b;
    struct spinlock *theirs = first ? &lock_b : &lock_a;
    acquire(mine);
    on_harts_barrier(); /* both hold their first lock now */
    acquire(theirs);    /* never returns: the watchdog ends the run */
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
    struct hartset two;
    hartset_clear(&two);
    hartset_add(&two, 0);
    hartset_add(&two, 1);
    on_harts(&two, take_in_order, 0);
    return suite_fail("the AB/BA deadlock was not caught");
}

SUITE(deadlock, .name = "deadlock", .summary = "AB/BA deadlock on purpose (checks the watchdog)",
      .run = deadlock_run);
