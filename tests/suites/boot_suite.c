/* "boot": every hart of the device tree reports in, and the count must be all of them. */
#include "harness.h"
#include "on_harts.h"
#include "printf.h"

static int arrived;

static void report_in(void *arg)
{
    (void)arg;
    struct hart *h = this_hart();
    printf("hart id %lu (index %d) up\n", h->id, h->index);
    __atomic_add_fetch(&arrived, 1, __ATOMIC_RELAXED);
}

static int boot_run(void)
{
    arrived = 0;
    on_all_harts(report_in, 0);
    printf("boot: %d of %d harts up\n", arrived, hart_count());
    if (arrived != hart_count())
        return suite_fail("%d harts in the device tree, %d came up", hart_count(), arrived);
    return 0;
}

SUITE(boot, .name = "boot", .summary = "every hart starts and reports in", .standard = 1,
      .run = boot_run);
