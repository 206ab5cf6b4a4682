/* Throughput on real cores: the allocator built for the host (the same mm/ and lock files
   as the kernel), each thread a hart doing kalloc+kfree pairs on its own list, timed on
   the wall clock. QEMU's software emulation cannot show how a design scales (its vCPUs
   share the host's cores); host threads on distinct cores can, as far as the machine has
   cores. Prints one "BENCH" line per thread count for scripts/bench. */
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
        double best = 0;
        for (unsigned long r = 0; r < repeats; r++) {
            double t0 = seconds();
            host_on_harts(n, pairs, 0);
            double t = seconds() - t0;
            if (best == 0 || t < best)
                best = t;
        }
        if (failures)
            host_fail("kalloc returned 0 %lu times with every list holding pages", failures);
        double rate = (double)pairs_each * n / best;
        printf("throughput (%s, double-free check %s): %d threads x %lu pairs in %.3f s: "
               "%.0f pairs/s in all\n",
               kmem_policy.name, kmem_policy.checks_double_free ? "on" : "off", n, pairs_each, best,
               rate);
        printf("BENCH test=host_throughput policy=%s double_free_check=%d threads=%d "
               "pairs_each=%lu pairs_per_sec=%.0f\n",
               kmem_policy.name, kmem_policy.checks_double_free, n, pairs_each, rate);
    }
    return 0;
}
