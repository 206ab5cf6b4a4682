/* "test2" (kalloctest test2): countfree() finds every page the kernel did not keep for
   itself, and 50 more countfree() rounds all find the same number, so nothing is lost.
   Round r runs on hart r mod n, so each round must steal back what the last one freed
   onto another hart's list. How many pages that is, is worked out here from the device
   tree, page by page, not taken from kmem: a bug that drops usable RAM must fail. */
#include "harness.h"
#include "kernel.h"
#include "kalloc.h"
#include "on_harts.h"
#include "options.h"
#include "pagechain.h"
#include "printf.h"

extern char kernel_end[];

static int reserved(unsigned long pa)
{
    const struct machine_info *m = kernel_machine();
    for (int i = 0; i < m->nreserved; i++) {
        if (pa + PGSIZE > m->reserved[i].start && pa < m->reserved[i].end)
            return 1;
    }
    return 0;
}

/* Whole pages of RAM from the end of the kernel image on that no reserved range touches,
   less kmem's page bitmap: one bit per page from the first such page to the last. */
static unsigned long expected_free(void)
{
    const struct machine_info *m = kernel_machine();
    unsigned long usable = 0, first = ~0UL, last = 0;
    for (int i = 0; i < m->nmemory; i++) {
        for (unsigned long pa = PGROUNDUP(m->memory[i].start); pa + PGSIZE <= m->memory[i].end;
             pa += PGSIZE) {
            if (pa < (unsigned long)kernel_end || reserved(pa))
                continue;
            usable++;
            first = pa < first ? pa : first;
            last = pa > last ? pa : last;
        }
    }
    if (!usable)
        return 0;
    unsigned long span = (last - first) / PGSIZE + 1;
    unsigned long bitmap_pages = ((span + 63) / 64 * 8 + PGSIZE - 1) / PGSIZE;
    return usable - bitmap_pages;
}

static int test2_run(void)
{
    unsigned long rounds = option("rounds");
    unsigned long total = kmem_ram_pages();
    unsigned long overhead = total - kmem_boot_pages(); /* OpenSBI, kernel, bitmap, tree */

    unsigned long free0 = countfree_on(0);
    printf("total free number of pages: %lu (out of %lu)\n", free0, total);
    /* Lab mode's lab file keeps its own lists and takes what its kinit() takes: there only
       kalloctest's own rule applies. */
    unsigned long expected = expected_free();
    if (kmem_policy.lists != KMEM_LISTS_OPAQUE && free0 != expected)
        return suite_fail("countfree found %lu pages, the device tree leaves %lu free (RAM "
                          "above the kernel, less reserved ranges and the page bitmap)",
                          free0, expected);
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
