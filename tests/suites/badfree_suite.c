/* Bad kfree calls, one suite each: every one must panic with its own "kfree: ..." message
   (ctest checks the text and the panic status). None is in the standard set. */
#include "kernel.h"
#include "harness.h"
#include "kalloc.h"

extern char kernel_start[];

static int unaligned_run(void)
{
    char *page = kalloc();
    kfree(page + 8);
    return suite_fail("kfree of an unaligned address returned");
}

static int kernel_run(void)
{
    kfree(kernel_start); /* page-aligned, but the kernel's own text */
    return suite_fail("kfree of the kernel image returned");
}

static int pastend_run(void)
{
    const struct machine_info *m = kernel_machine();
    kfree((void *)m->memory[m->nmemory - 1].end);
    return suite_fail("kfree past the end of RAM returned");
}

static int reserved_run(void)
{
    /* The device tree blob sits in RAM above the kernel, and is reserved (fdt.c). */
    kfree((void *)PGROUNDDOWN(kernel_machine()->reserved[0].start));
    return suite_fail("kfree of the device tree's page returned");
}

static int double_run(void)
{
    void *page = kalloc();
    kfree(page);
    kfree(page);
    return suite_fail("a double kfree returned");
}

SUITE(kfree_unaligned, .name = "kfree_unaligned", .summary = "kfree(page + 8) must panic",
      .run = unaligned_run);
SUITE(kfree_kernel, .name = "kfree_kernel", .summary = "kfree of kernel text must panic",
      .run = kernel_run);
SUITE(kfree_pastend, .name = "kfree_pastend", .summary = "kfree at the end of RAM must panic",
      .run = pastend_run);
SUITE(kfree_reserved, .name = "kfree_reserved",
      .summary = "kfree of the device tree's page must panic", .run = reserved_run);
SUITE(kfree_double, .name = "kfree_double", .summary = "a double kfree must panic",
      .run = double_run);
