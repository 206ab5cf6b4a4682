/* Throughput on real cores: the allocator built for the host (the same mm/ and lock files
   as the kernel), each thread a hart doing kalloc+kfree pairs on its own list, timed on
   the wall clock. QEMU's software emulation cannot show how a design scales (its vCPUs
   share the host's cores); host threads on distinct cores can, as far as the machine has
   cores. Prints one "BENCH" line per thread count for scripts/bench, and one for the
   control: the same threads doing the same memory traffic per pair with no allocator, in
   the same run, so that a design's scaling can be read as a fraction of what the machine
   itself scales (memory bandwidth, shared caches, clock boost all bend the control too). */
#include <stdio.h>
#include <time.h>

#include "host_harts.h"
#include "kalloc.h"

static unsigned long pairs_each;
static unsigned long failures;

static void pairs(int me, void *arg)
{
    (void)me;
    (void)arg;
    for (unsigned long i = 0; i < pairs_each; i++) {
        void *p = kalloc();
        if (!p) {
            __atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
            return;
        }
        __asm__ volatile("" ::"r"(p) : "memory"); /* the page is used, as far as GCC knows */
        kfree(p);
    }
}

/* The control's pair: a page popped off a list only this thread touches and pushed back,
   with no lock, no interrupt state and no checks: the list's head line and the page's
   link word, which every allocator's pair also reads and writes. */
struct private_list {
    void **head; /* a page, whose first word links to the next */
} __attribute__((aligned(64)));
static struct private_list control_lists[KMEM_MAX_HARTS];
static void *control_pages[KMEM_MAX_HARTS][2][512] __attribute__((aligned(4096)));

/* A control pair takes about a nanosecond, an allocator's ten or more: the control runs
   CONTROL_TIMES as many pairs, so that both are timed over about as long a stretch. */
#define CONTROL_TIMES 10

static void control_pairs(int me, void *arg)
{
    (void)arg;
    struct private_list *l = &control_lists[me];
    void **a = control_pages[me][0], **b = control_pages[me][1];
    a[0] = b;
    b[0] = 0;
    l->head = a;
    for (unsigned long i = 0; i < pairs_each * CONTROL_TIMES; i++) {
        void **p = l->head; /* "kalloc" */
        l->head = *p;
        __asm__ volatile("" ::"r"(p) : "memory");
        *p = l->head; /* "kfree" */
        l->head = p;
    }
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    static const char *const known[] = {"max-threads", "pairs", "repeats", 0};
    host_options_check(argc, argv, known);
    int max_threads = (int)host_option(argc, argv, "max-threads", 4);
    pairs_each = host_option(argc, argv, "pairs", 50000000);
    unsigned long repeats = host_option(argc, argv, "repeats", 3);
    if (max_threads < 1 || max_threads > KMEM_MAX_HARTS || !pairs_each || !repeats)
        host_fail("--max-threads 1..%d, --pairs and --repeats at least 1", KMEM_MAX_HARTS);

    /* Thread counts 1, 2, 4, ... up to max_threads, each run `repeats` times; the best run
       counts (the least disturbed by the rest of the machine). */
    for (int n = 1; n <= max_threads; n *= 2) {
        host_boot(n, 4096UL * (unsigned long)n); /* 16 MiB a thread: bitmap words apart */
        double best = 0, best_control = 0;
        for (unsigned long r = 0; r < repeats; r++) {
            double t0 = seconds();
            host_on_harts(n, pairs, 0);
            double t = seconds() - t0;
            if (best == 0 || t < best)
                best = t;
            t0 = seconds();
            host_on_harts(n, control_pairs, 0);
            t = seconds() - t0;
            if (best_control == 0 || t < best_control)
                best_control = t;
        }
        if (failures)
            host_fail("kalloc returned 0 %lu times with every list holding pages", failures);
        double rate = (double)pairs_each * n / best;
        printf("throughput (%s, double-free check %s): %d threads x %lu pairs in %.3f s: "
               "%.0f pairs/s in all\n",
               kmem_policy.name, kmem_policy.checks_double_free ? "on" : "off", n, pairs_each, best,
               rate);
        printf("BENCH test=host_throughput policy=%s double_free_check=%d threads=%d "
               "pairs_each=%lu pairs_per_sec=%.0f control_pairs_per_sec=%.0f\n",
               kmem_policy.name, kmem_policy.checks_double_free, n, pairs_each, rate,
               (double)pairs_each * CONTROL_TIMES * n / best_control);
    }
    return 0;
}
