/* "sbrkmuch" (after usertests' sbrkmuch): one hart, the others idle, takes every free page,
   so all the other harts' lists must be stolen dry; each page holds its own address, and
   every stamp must survive until the last page is taken (no page handed out twice). Then
   all pages go back and the free count must be what it was. The taker is the last hart,
   not the boot hart: an xv6-style kinit() leaves all memory on the boot hart's list. */
#include "harness.h"
#include "kalloc.h"
#include "on_harts.h"
#include "pagechain.h"
#include "printf.h"

struct sbrk_result {
    unsigned long taken, left, bad;
    int extra; /* kalloc gave a page after it had returned 0 */
};

static void take_everything(void *arg)
{
    struct sbrk_result *res = arg;
    struct pagechain held;
    chain_init(&held);
    res->taken = chain_take(&held, ~0UL, 0);
    res->left = kmem_free_count();
    void *extra = kalloc();
    res->extra = extra != 0;
    res->bad = chain_bad_pages(&held, 0);
    if (extra)
        kfree(extra);
    chain_give(&held, ~0UL);
}

static int sbrkmuch_run(void)
{
    unsigned long before = kmem_free_count();
    struct sbrk_result res;
    on_hart(hart_count() - 1, take_everything, &res);
    unsigned long taken = res.taken, left = res.left, bad = res.bad;
    int extra = res.extra;

    printf("sbrkmuch: one hart took %lu pages of %lu free (%lu at boot); %lu bad stamps\n", taken,
           before, kmem_boot_pages(), bad);
    if (taken != before)
        return suite_fail("took %lu pages but %lu were free", taken, before);
    if (left != 0 || extra)
        return suite_fail("memory remained after kalloc returned 0 (count %lu)", left);
    if (bad)
        return suite_fail("%lu pages lost their stamp: handed out twice or overwritten", bad);
    return check_free_count(before);
}

SUITE(sbrkmuch, .name = "sbrkmuch", .summary = "one hart takes every free page", .standard = 1,
      .run = sbrkmuch_run);
