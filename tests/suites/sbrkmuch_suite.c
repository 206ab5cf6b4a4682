/* "sbrkmuch" (after usertests' sbrkmuch): one hart, the others idle, takes every free page,
   so all the other harts' lists must be stolen dry; each page holds its own address, and
   every stamp must survive until the last page is taken (no page handed out twice). Then
   all pages go back and the free count must be what it was. The last hart takes first,
   not the boot hart: an xv6-style kinit() leaves all memory on the boot hart's list. Its
   pages then all sit on its own list, and hart 0 must take them all in turn: a hart that
   never steals fails one of the two. */
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

/* One hart takes everything and gives it all back; 0, or the suite's failure. */
static int take_all_on(int index)
{
    unsigned long before = kmem_free_count();
    struct sbrk_result res;
    on_hart(index, take_everything, &res);

    printf("sbrkmuch: hart index %d took %lu pages of %lu free (%lu at boot); %lu bad stamps\n",
           index, res.taken, before, kmem_boot_pages(), res.bad);
    if (res.taken != before)
        return suite_fail("hart index %d took %lu pages but %lu were free", index, res.taken,
                          before);
    if (res.left != 0 || res.extra)
        return suite_fail("memory remained after kalloc returned 0 on hart index %d (count %lu)",
                          index, res.left);
    if (res.bad)
        return suite_fail("%lu pages lost their stamp: handed out twice or overwritten", res.bad);
    return check_free_count(before);
}

static int sbrkmuch_run(void)
{
    int last = hart_count() - 1;
    if (take_all_on(last) != 0)
        return -1;
    return last > 0 ? take_all_on(0) : 0;
}

SUITE(sbrkmuch, .name = "sbrkmuch", .summary = "one hart takes every free page", .standard = 1,
      .run = sbrkmuch_run);
