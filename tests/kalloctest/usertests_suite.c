/* "usertests": the memory checks of xv6's usertests that the lock lab's grader runs
   (`usertests sbrkmuch`, and the whole program's free-count check), in the lab's words:
   "test sbrkmuch: OK", ..., "ALL TESTS PASSED" or "SOME TESTS FAILED".
   sbrkmuch: one process (the last hart, so every other list must be stolen from) grows by
   100 MiB of pages, touching each; shrinks by one page and grows again, and the regrown
   page, zeroed as sbrk zeroes it, must read zero with every held page's stamp intact (a
   page handed out twice would lose one). 100 MiB is 25600 pages, more than a machine with
   less than about 110 MiB has: the size is 100 MiB or seven eighths of the RAM above the
   kernel image, whichever is less (xv6 at 128 MiB has about an eighth in use before
   sbrkmuch runs). It is worked out from the device tree, not from what kalloc finds: an
   allocator that cannot reach all memory must not shrink its own test.
   sbrkfail: 10 children each ask for far more than exists and fail, giving back what they
   got as sbrk does; afterwards one page must still be obtainable (nothing leaked).
   Then the free count must equal the count before the first test. */
#include "harness.h"
#include "hart.h"
#include "kalloc.h"
#include "kernel.h"
#include "labprog.h"
#include "labresult.h"
#include "on_harts.h"
#include "pagechain.h"
#include "printf.h"
#include "string.h"

#define BIG_PAGES         (100UL * 1024 * 1024 / PGSIZE)
#define SBRKFAIL_CHILDREN 10

struct sbrkmuch {
    unsigned long want, grew, bad;
    int regrown_zero; /* -1 could not grow again, 0 not zero, 1 zero */
};

static void grow_big(void *arg)
{
    struct sbrkmuch *s = arg;
    struct pagechain held;
    chain_init(&held);
    s->grew = chain_take(&held, s->want, 0);
    s->regrown_zero = -1;
    if (s->grew == s->want) {
        chain_give(&held, 1); /* sbrk(-PGSIZE) */
        char *page = kalloc();
        if (page) {
            memset(page, 0, PGSIZE); /* sbrk's growth reads zero */
            s->regrown_zero = page[0] == 0 && page[PGSIZE - 1] == 0;
            kfree(page);
        }
    }
    s->bad = chain_bad_pages(&held, 0);
    chain_give(&held, ~0UL);
}

extern char kernel_end[];

/* Pages of RAM above the kernel image, from the device tree. */
static unsigned long pages_above_kernel(void)
{
    const struct machine_info *m = kernel_machine();
    unsigned long base = (unsigned long)kernel_end, pages = 0;
    for (int i = 0; i < m->nmemory; i++) {
        unsigned long start = m->memory[i].start, end = m->memory[i].end;
        if (end > base)
            pages += (end - (start > base ? start : base)) / PGSIZE;
    }
    return pages;
}

static int sbrkmuch(void)
{
    unsigned long above = pages_above_kernel();
    struct sbrkmuch s = {.want = above - above / 8};
    if (s.want > BIG_PAGES)
        s.want = BIG_PAGES;
    on_hart(hart_count() - 1, grow_big, &s);
    const char *why = 0;
    if (s.grew < s.want)
        why = "sbrk test failed to grow big address space; enough phys mem?";
    else if (s.regrown_zero < 0)
        why = "sbrk could not reallocate";
    else if (!s.regrown_zero || s.bad)
        why = "sbrk de-allocation or re-allocation handed out a page still in use";
    if (why)
        printf("sbrkmuch: %s\n", why);
    printf("test sbrkmuch: %s\n", why ? "FAILED" : "OK");
    return labresult_add("usertests", "sbrkmuch", LAB_MEMORY, !why,
                         "grow by 100 MiB (or 7/8 of RAM)", "%lu of %lu pages; %lu bad", s.grew,
                         s.want, s.bad);
}

static struct labproc children[SBRKFAIL_CHILDREN];

static int sbrkfail(void)
{
    for (int k = 0; k < SBRKFAIL_CHILDREN; k++) {
        children[k] = (struct labproc){0};
        children[k].step = prog_ask_too_much;
        children[k].limit = 10 * kmem_ram_pages();
    }
    labproc_run(children, SBRKFAIL_CHILDREN);
    const struct labproc *bad = labproc_failed(children, SBRKFAIL_CHILDREN);
    unsigned long most = 0;
    for (int k = 0; k < SBRKFAIL_CHILDREN; k++)
        most = children[k].value > most ? children[k].value : most;
    void *page = kalloc();
    if (page)
        kfree(page);
    const char *why = bad ? bad->failure : page ? 0 : "failed sbrk leaked memory";
    if (why)
        printf("sbrkfail: %s\n", why);
    printf("test sbrkfail: %s\n", why ? "FAILED" : "OK");
    return labresult_add("usertests", "sbrkfail", LAB_MEMORY, !why, "10 fail; then a page is free",
                         "most held %lu; page after: %s", most, page ? "yes" : "no");
}

static int usertests_run(void)
{
    printf("usertests starting\n");
    unsigned long free0 = countfree();
    int failures = 0;
    failures += sbrkmuch() != 0;
    failures += sbrkfail() != 0;
    unsigned long free1 = countfree();
    int kept = free1 >= free0;
    if (!kept)
        printf("FAILED -- lost some free pages %lu (out of %lu)\n", free1, free0);
    failures += labresult_add("usertests", "free", LAB_MEMORY, kept, "count after >= before",
                              "%lu after, %lu before", free1, free0) != 0;
    printf("%s\n", failures ? "SOME TESTS FAILED" : "ALL TESTS PASSED");
    if (failures)
        return suite_fail("%d of 3 of usertests' checks failed", failures);
    return 0;
}

SUITE(usertests, .name = "usertests",
      .summary = "usertests' sbrkmuch, sbrkfail and free-count check, as the lab grades them",
      .run = usertests_run);
