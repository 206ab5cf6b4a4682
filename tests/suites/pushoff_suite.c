/* "pushoff": push_off/pop_off nest and restore the interrupt state of the outermost call,
   and holding a lock keeps interrupts off. No interrupt source is enabled here, so turning
   interrupts on is safe. */
#include "harness.h"
#include "hart.h"
#include "intr.h"
#include "push_off.h"
#include "spinlock.h"

static int pushoff_run(void)
{
    static struct spinlock probe;
    if (!probe.name)
        initlock(&probe, "pushoff.probe");
    int fails = 0;

    intr_on();
    push_off();
    push_off();
    fails += intr_get() != 0 ? suite_fail("interrupts on inside two push_offs") : 0;
    pop_off();
    fails += intr_get() != 0 ? suite_fail("inner pop_off turned interrupts back on") : 0;
    pop_off();
    fails += intr_get() != 1 ? suite_fail("outer pop_off did not restore interrupts") : 0;

    acquire(&probe);
    fails += intr_get() != 0 ? suite_fail("interrupts on while holding a spinlock") : 0;
    push_off();
    pop_off();
    fails += intr_get() != 0 ? suite_fail("pop_off inside a lock turned interrupts on") : 0;
    release(&probe);
    fails += intr_get() != 1 ? suite_fail("release did not restore interrupts") : 0;

    intr_off();
    push_off();
    pop_off();
    fails += intr_get() != 0 ? suite_fail("pop_off turned on interrupts that were off") : 0;
    fails += this_hart()->noff != 0
                 ? suite_fail("noff = %d after balanced calls", this_hart()->noff)
                 : 0;
    return fails ? -1 : 0;
}

SUITE(pushoff, .name = "pushoff", .summary = "nested push_off/pop_off restore interrupts",
      .standard = 1, .run = pushoff_run);
