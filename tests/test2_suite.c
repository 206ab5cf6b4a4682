/* "test2" (kalloctest test2): countfree() finds every page the kernel did not keep for
   itself, and 50 more countfree() rounds all find the same number, so nothing is lost.
   Round r runs on hart r mod n, so each round must steal back what the last one freed
   onto another hart's list. */
#include "harness.h"
#include "kalloc.h"
#include "on_harts.h"
#include "options.h"
#include "pagechain.h"
#include "printf.h"

static int test2_run(void)
{
    unsigned long rounds = option("rounds");
    unsigned long total = kmem_ram_pages();
    unsigned long overhead = total - kmem_boot_pages(); /* OpenSBI, kernel, bitmap, tree */

    unsigned long free0 = countfree_on(0);
    printf("total free number of pages: %lu (out of %lu)\n", free0, total);
    if (total - free0 > overhead)
        return suite_fail("cannot allocate enough memory: %lu pages missing beyond the "
                          "kernel's own %lu",
                          total - free0 - overhead, overhead);

    for (unsigned long i = 0; i < rounds; i++) {
        unsigned long counted = countfree_on((int)((i + 1) % (unsigned long)hart_count()));
        if (i % 10 == 9)
            printf(".");
        if (counted != free0) {
            printf("\n");
            return suite_fail("losing pages: round %lu counted %lu, the first %lu", i + 1, counted,
                              free0);
        }
    }
    printf("\n");
    return 0;
}

SUITE(test2, .name = "test2", .summary = "kalloctest test2: countfree finds every page, 50 times",
      .standard = 1, .run = test2_run);
