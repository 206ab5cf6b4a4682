/* Benchmark suites for scripts/bench (not in the standard set). Each prints one
   machine-readable line, "BENCH key=value ...", besides its human-readable ones.
   Instruction counts (rdinstret) are exact only under QEMU -icount, where they are the
   emulated instructions retired; timer ticks are meaningful under any QEMU mode but noisy. */
#include "kernel.h"
#include "churn.h"
#include "clock.h"
#include "harness.h"
#include "kalloc.h"
#include "kmem_table.h"
#include "lockstat.h"
#include "on_harts.h"
#include "options.h"
#include "pagechain.h"
#include "printf.h"
#include "string.h"
#include "trace.h"

static unsigned long iters;

static void churn_body(void *arg)
{
    (void)arg;
    churn(iters, 0);
}

/* test1's workload: kmem tot, #acquire() and alloc+free pairs per second per hart. */
static int contention_run(void)
{
    iters = option("bench_iters");
    unsigned long steals = kmem_steals_total();
    lockstat_reset();
    unsigned long t0 = clock_ticks();
    on_all_harts(churn_body, 0);
    unsigned long ticks = clock_ticks() - t0;
    unsigned long tot = lockstat_tot(), acquires = lockstat_kmem_acquires();
    trace_note(TRACE_COUNTERS, 1, 0); /* kmem_stats takes the locks: counted no more */
    steals = kmem_steals_total() - steals;
    unsigned long pairs_per_sec = ticks ? iters * clock_hz() / ticks : 0;
    printf("bench_contention: %d harts x %lu pairs in %lu ticks: %lu pairs/s per hart, "
           "tot %lu\n",
           hart_count(), iters, ticks, pairs_per_sec, tot);
    printf("BENCH test=contention policy=%s harts=%d iters=%lu tot=%lu acquires=%lu "
           "ticks=%lu hz=%lu pairs_per_sec_per_hart=%lu steals=%lu\n",
           kmem_policy.name, hart_count(), iters, tot, acquires, ticks, clock_hz(), pairs_per_sec,
           steals);
    return 0;
}

/* The local fast path: one hart, its own list never empty. */
static int fastpath_run(void)
{
    unsigned long pairs = option("bench_pairs");
    for (int i = 0; i < 100; i++) /* warm up: caches, TLB-free QEMU translation blocks */
        kfree(kalloc());
    unsigned long empty0 = rdinstret();
    for (unsigned long i = 0; i < pairs; i++)
        __asm__ volatile("" ::: "memory"); /* the loop alone, to subtract */
    unsigned long loop = rdinstret() - empty0;
    unsigned long i0 = rdinstret();
    for (unsigned long i = 0; i < pairs; i++) {
        void *page = kalloc();
        __asm__ volatile("" ::: "memory");
        kfree(page);
    }
    unsigned long total = rdinstret() - i0;
    unsigned long per_pair = (total - loop) / pairs;
    printf("bench_fastpath: %lu instructions per kalloc+kfree pair (%lu pairs)\n", per_pair, pairs);
    printf("BENCH test=fastpath policy=%s double_free_check=%d pairs=%lu instret=%lu "
           "loop_instret=%lu per_pair=%lu trace=%d\n",
           kmem_policy.name, kmem_policy.checks_double_free, pairs, total, loop, per_pair,
           trace_on);
    return 0;
}

/* Acquisitions of kmem locks other than the boot hart's own ("kmem.0"; under the shared
   policy the one lock "kmem" is everybody's, so nothing is remote). */
static unsigned long remote_acquires(void)
{
    unsigned long n = 0;
    for (int i = 0; i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        if (lk && lk->name && strncmp(lk->name, "kmem.", 5) == 0 && strcmp(lk->name, "kmem.0"))
            n += __atomic_load_n(&lk->n, __ATOMIC_RELAXED);
    }
    return n;
}

/* One hart takes every page while the others idle: how often it steals, and how many
   times it takes another hart's lock to do so. */
static int steal_run(void)
{
    unsigned long steals0 = kmem_steals_total();
    lockstat_reset();
    struct pagechain held;
    chain_init(&held);
    unsigned long pages = chain_take(&held, ~0UL, 0);
    /* Read before kmem_steals_total, whose kmem_stats calls take every list's lock. */
    unsigned long remote = remote_acquires();
    unsigned long steals = kmem_steals_total() - steals0;
    chain_give(&held, ~0UL);
    printf("bench_steal: one hart took %lu pages with %lu steals and %lu acquisitions of "
           "other harts' locks\n",
           pages, steals, remote);
    printf("BENCH test=steal policy=%s harts=%d pages=%lu steals=%lu remote_acquires=%lu\n",
           kmem_policy.name, hart_count(), pages, steals, remote);
    return 0;
}

/* Which cache lines of the kernel's data (.data and .bss: every lock, list, counter and
   struct hart) a hart writes while it runs kalloc+kfree pairs on its own list, found by
   comparing a copy taken before with the memory after. Two harts do it in turn; a line
   both wrote is one the fast path shares between harts, whose every write takes the line
   away from the other's cache on real hardware. The page bitmap lies outside the image
   (pagemap.c): its cost is stated beside the figure, not measured here. */
extern char __data_start[], __bss_end[];

#define SHARING_MAX_LINES 8192 /* 512 KiB of data */
static unsigned char written[2][SHARING_MAX_LINES / 8];
static char *copy[SHARING_MAX_LINES * CACHE_LINE / PGSIZE];

static void note_written_lines(void *arg)
{
    unsigned char *mine = written[*(int *)arg];
    unsigned long size = (unsigned long)(__bss_end - __data_start);
    unsigned long pairs = option("bench_pairs");
    for (unsigned long off = 0; off < size; off += PGSIZE)
        memcpy(copy[off / PGSIZE], __data_start + off, size - off < PGSIZE ? size - off : PGSIZE);
    for (unsigned long i = 0; i < pairs; i++) {
        void *page = kalloc();
        __asm__ volatile("" ::: "memory");
        kfree(page);
    }
    for (unsigned long line = 0; line * CACHE_LINE < size; line++) {
        unsigned long off = line * CACHE_LINE;
        if (memcmp(copy[off / PGSIZE] + off % PGSIZE, __data_start + off, CACHE_LINE) != 0)
            mine[line / 8] |= (unsigned char)(1 << (line % 8));
    }
}

static int sharing_run(void)
{
    if (hart_count() < 2)
        return suite_skip("needs two harts");
    unsigned long size = (unsigned long)(__bss_end - __data_start);
    if (size > SHARING_MAX_LINES * CACHE_LINE)
        return suite_fail("the kernel's data is %lu bytes, more than this suite compares", size);
    struct pagechain pages;
    chain_init(&pages);
    unsigned long npages = (size + PGSIZE - 1) / PGSIZE;
    if (chain_take(&pages, npages, 0) != npages)
        return suite_fail("no %lu pages for the copy", npages);
    struct page_note *p = pages.head;
    for (unsigned long i = 0; i < npages; i++, p = p->next)
        copy[i] = (char *)p;
    memset(written, 0, sizeof(written));
    for (int who = 0; who < 2; who++)
        on_hart(who, note_written_lines, &who);
    for (unsigned long i = 0; i < npages; i++) /* the copies overwrote the chain's links */
        kfree(copy[i]);

    unsigned long lines[2] = {0, 0}, both = 0;
    for (unsigned long b = 0; b < sizeof(written[0]); b++) {
        for (int bit = 0; bit < 8; bit++) {
            int w0 = written[0][b] >> bit & 1, w1 = written[1][b] >> bit & 1;
            lines[0] += w0;
            lines[1] += w1;
            both += w0 && w1;
        }
    }
    printf("bench_sharing: hart index 0 wrote %lu cache lines of kernel data, hart index 1 "
           "%lu; %lu written by both\n",
           lines[0], lines[1], both);
    printf("BENCH test=sharing policy=%s double_free_check=%d lines_hart0=%lu lines_hart1=%lu "
           "shared_lines=%lu\n",
           kmem_policy.name, kmem_policy.checks_double_free, lines[0], lines[1], both);
    return 0;
}

static int boot_cost_run(void)
{
    struct kernel_boot_cost c = kernel_boot_cost();
    printf("bench_boot: %lu instructions, %lu ticks from entry to the harness\n", c.instructions,
           c.ticks);
    printf("BENCH test=boot policy=%s harts=%d ram_pages=%lu free_pages=%lu instret=%lu "
           "ticks=%lu\n",
           kmem_policy.name, hart_count(), kmem_ram_pages(), kmem_boot_pages(), c.instructions,
           c.ticks);
    return 0;
}

SUITE(bench_contention, .name = "bench_contention",
      .summary = "tot, #acquire() and pairs/s/hart for test1's loop", .run = contention_run);
SUITE(bench_fastpath, .name = "bench_fastpath",
      .summary = "instructions per local kalloc+kfree (use -icount)", .run = fastpath_run);
SUITE(bench_steal, .name = "bench_steal",
      .summary = "steals and remote lock takes to drain memory from one hart", .run = steal_run);
SUITE(bench_sharing, .name = "bench_sharing",
      .summary = "cache lines of kernel data two harts' fast paths both write", .run = sharing_run);
SUITE(bench_boot, .name = "bench_boot",
      .summary = "instructions from entry to the harness (use -icount)", .run = boot_cost_run);
