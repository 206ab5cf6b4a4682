/* "lateentry": a secondary hart that arrives at the kernel's entry, as OpenSBI 1.1's
   hart_start race can send it there at boot (arch/riscv/entry.S), must come up as the
   secondary it is: not clear .bss, not boot the kernel again. A hart is stopped and
   started at _entry on purpose; it must come back online and take work, and the run must
   go on with its state intact. */
#include "harness.h"
#include "hart_start.h"
#include "kalloc.h"
#include "on_harts.h"
#include "panic.h"
#include "printf.h"

static unsigned long canary; /* in .bss: a second boot would clear it */

static void stop(void *arg)
{
    (void)arg;
    on_harts_detach();
    long err = hart_stop_self();
    panic("lateentry: SBI hart_stop returned error %ld", err);
}

static void report(void *arg)
{
    *(int *)arg = this_hart()->index;
}

static int lateentry_run(void)
{
    if (hart_count() < 2)
        return suite_skip("needs 2 harts");
    int index = hart_count() - 1;
    struct hart *h = hart_by_index(index);
    canary = 0x5a5a5a5aUL;
    unsigned long before = kmem_free_count();

    on_hart(index, stop, 0);
    if (!hart_wait_online(h, 0, 5000))
        return suite_fail("hart index %d did not stop", index);
    long err = hart_restart_at_kernel_entry(h);
    if (err)
        return suite_fail("SBI hart_start at the kernel's entry failed with %ld", err);
    if (!hart_wait_online(h, 1, 10000))
        return suite_fail("hart index %d started at _entry did not come back", index);
    int ran_on = -1;
    on_hart(index, report, &ran_on);
    printf("lateentry: hart id %lu started at the kernel's entry came back as index %d; "
           ".bss intact: %s\n",
           h->id, ran_on, canary == 0x5a5a5a5aUL ? "yes" : "no");
    if (ran_on != index)
        return suite_fail("the body ran on index %d, not %d", ran_on, index);
    if (canary != 0x5a5a5a5aUL || kmem_free_count() != before)
        return suite_fail("the kernel's state was reset: a second boot ran");
    return 0;
}

SUITE(lateentry, .name = "lateentry",
      .summary = "a secondary hart sent to _entry by the firmware comes up as a secondary",
      .standard = 0, .run = lateentry_run);
