/* The table of harness options. "test" is a list of names; every other option is a number. */
#include "options.h"
#include "cmdline.h"
#include "panic.h"
#include "printf.h"
#include "string.h"

struct option_spec {
    const char *name;
    unsigned long fallback; /* used when the command line does not give it */
    const char *help;
};

static const struct option_spec specs[] = {
    {"test", 0, "comma-separated suites to run (default: the standard set)"},
    {"seed", 1, "seed for the randomised suites"},
    {"iters", 100000, "alloc/free iterations per hart in test1 (kalloctest: 100000)"},
    {"rounds", 50, "countfree rounds after the first in test2 (kalloctest: 50)"},
    {"test3_rounds", 5, "countfree calls per counting hart in test3"},
    {"test4_rounds", 20, "take-everything rounds per hoarding hart in test4"},
    {"exhaust_rounds", 5, "all-harts-exhaust rounds in exhaust"},
    {"cross_pages", 20000, "pages each producer hands to its consumer in crossfree"},
    {"irq_us", 200, "timer interrupt period in microseconds in irq"},
    {"irq_ticks", 50, "timer interrupts each hart must take in irq"},
    {"soak_ops", 1000000, "operations in total over all harts in soak"},
    {"nearoom_rounds", 1000, "countfree rounds over the last pages in nearoom"},
    {"watchdog_ms", 10000, "longest spin on a lock, or kalloc search for counted pages (0: never)"},
    {"steal_max", 0, "most pages one steal takes (0: the build's KMEM_STEAL_MAX)"},
    {"cache_batch", 0, "cached: pages a refill or drain moves (0: KMEM_CACHE_BATCH, 16)"},
    {"cache_high", 0, "cached: pages a hart's cache holds before kfree drains (0: 64)"},
    {"bench_iters", 20000, "kalloc/kfree rounds per hart in bench_contention"},
    {"bench_pairs", 10000, "kalloc/kfree pairs timed in bench_fastpath"},
    {"wakeup_rounds", 200, "dispatches, and token laps, in wakeup"},
    {"trace", 0, "events each hart's timeline ring keeps, printed after each suite (0: off)"},
};

#define NSPECS (int)(sizeof(specs) / sizeof(specs[0]))

static const struct option_spec *find(const char *name)
{
    for (int i = 0; i < NSPECS; i++) {
        if (strcmp(specs[i].name, name) == 0)
            return &specs[i];
    }
    return 0;
}

void options_print(void)
{
    printf("kernel command line options (-append / scripts/run):\n");
    for (int i = 0; i < NSPECS; i++) {
        if (strcmp(specs[i].name, "test") == 0)
            printf("  %-8s %s\n", specs[i].name, specs[i].help);
        else
            printf("  %-8s %s [%lu]\n", specs[i].name, specs[i].help, specs[i].fallback);
    }
}

int options_check(void)
{
    for (int i = 0; cmdline_key(i); i++) {
        const char *key = cmdline_key(i);
        const struct option_spec *spec = find(key);
        unsigned long v;
        if (!spec) {
            printf("unknown option '%s'\n", key);
            options_print();
            return -1;
        }
        if (strcmp(key, "test") != 0 && parse_ulong(cmdline_get(key), &v) != 0) {
            printf("option %s: '%s' is not a number\n", key, cmdline_get(key));
            return -1;
        }
    }
    return 0;
}

unsigned long option(const char *name)
{
    const struct option_spec *spec = find(name);
    if (!spec)
        panic("option: no option named %s", name);
    const char *given = cmdline_get(name);
    unsigned long v;
    if (given && parse_ulong(given, &v) == 0)
        return v;
    return spec->fallback;
}
