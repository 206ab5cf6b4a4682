/* Suite selection and the run's verdict. Output follows kalloctest: "start <name>", the
   suite's own lines, then "<name> OK", "<name> FAIL: <why>" or "<name> SKIP: <why>", and at
   the end "N passed, N failed" (", N skipped" when any were); the exit status says the
   same (machine.h). */
#include "harness.h"
#include "cmdline.h"
#include "kalloc.h"
#include "kernel.h"
#include "kmem_table.h"
#include "labresult.h"
#include "on_harts.h"
#include "exit.h"
#include "options.h"
#include "printf.h"
#include "trace.h"
#include "trace_rings.h"
#include "watchdog.h"
#include "string.h"

extern const struct suite __suites_start[], __suites_end[];

#define MAX_SELECTED 64

static char reason[160]; /* why the running suite failed or skipped; empty if neither */
static int skipping;

static void record(const char *fmt, va_list ap)
{
    if (reason[0] == '\0')
        vsnprintf(reason, sizeof(reason), fmt, ap);
}

int suite_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(fmt, ap);
    va_end(ap);
    return -1;
}

int suite_skip(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(fmt, ap);
    va_end(ap);
    skipping = 1;
    return SUITE_SKIPPED;
}

void suite_progress(unsigned long done, unsigned long total)
{
    if (total == 0)
        return;
    if (done * 10 / total != (done - 1) * 10 / total)
        printf(".");
    if (done == total)
        printf("\n");
}

static const struct suite *find_suite(const char *name)
{
    for (const struct suite *s = __suites_start; s < __suites_end; s++) {
        if (strcmp(s->name, name) == 0)
            return s;
    }
    return 0;
}

static void list_suites(void)
{
    printf("known tests (* = standard set):\n");
    for (const struct suite *s = __suites_start; s < __suites_end; s++)
        printf("  %c %-16s %s\n", s->standard ? '*' : ' ', s->name, s->summary);
}

/* Fills selected[] from test=a,b,c, or with the standard set when test= is absent.
   Returns how many, or -1 after printing the unknown name. */
static int select_suites(const char *list, const struct suite **selected)
{
    int n = 0;
    if (!list) {
        for (const struct suite *s = __suites_start; s < __suites_end; s++) {
            if (s->standard && n < MAX_SELECTED)
                selected[n++] = s;
        }
        return n;
    }
    while (*list) {
        char name[32];
        size_t len = 0;
        for (; *list && *list != ','; list++) {
            if (len + 1 < sizeof(name))
                name[len++] = *list;
        }
        name[len] = '\0';
        if (*list)
            list++;
        const struct suite *s = find_suite(name);
        if (!s) {
            printf("unknown test '%s'\n", name);
            return -1;
        }
        if (n == MAX_SELECTED) {
            printf("more than %d tests named\n", MAX_SELECTED);
            return -1;
        }
        selected[n++] = s;
    }
    return n;
}

enum outcome { PASSED, FAILED, SKIPPED };

static void (*after_suite)(const char *name);

void harness_set_after_suite(void (*fn)(const char *name))
{
    after_suite = fn;
}

static const struct suite *ran[MAX_SELECTED];
static enum outcome ran_outcome[MAX_SELECTED];

static int nran;

int suite_outcome(const char *name)
{
    int result = SUITE_NOT_RUN;
    for (int i = 0; i < nran; i++) {
        if (strcmp(ran[i]->name, name) == 0)
            result = ran_outcome[i] == PASSED ? 0 : ran_outcome[i] == FAILED ? -1 : SUITE_SKIPPED;
    }
    return result;
}

static const struct suite *running;

int harness_selected(const char **names, int *outcomes, int max)
{
    /* Selected again from the command line (it was checked at boot): no copy is kept, so
       that kernels that never ask carry none. */
    const struct suite *selected[MAX_SELECTED];
    int n = select_suites(cmdline_get("test"), selected);
    for (int i = 0; i < n && i < max; i++) {
        names[i] = selected[i]->name;
        outcomes[i] = suite_outcome(selected[i]->name);
    }
    return n < max ? n : max;
}

const char *suite_reason(void)
{
    return reason;
}

const char *harness_running(void)
{
    const struct suite *s = __atomic_load_n(&running, __ATOMIC_RELAXED);
    return s ? s->name : 0;
}

static enum outcome run_suite(const struct suite *s)
{
    reason[0] = '\0';
    skipping = 0;
    printf("start %s\n", s->name);
    __atomic_store_n(&running, s, __ATOMIC_RELAXED);
    on_harts_tick_begin();
    int result = s->run();
    on_harts_tick_end();

    if (skipping) {
        printf("%s SKIP: %s\n", s->name, reason);
        return SKIPPED;
    }
    if (result == 0 && reason[0] == '\0') {
        printf("%s OK\n", s->name);
        return PASSED;
    }
    printf("%s FAIL: %s\n", s->name, reason[0] ? reason : "(no reason given)");
    return FAILED;
}

/* The kernel's client (lib/kernel/kernel.h): entered on the boot hart once every hart is
   online; runs the selected suites, prints "N passed, N failed" and powers off with the
   matching status. */
static void __attribute__((noreturn)) harness_main(const char *bootargs)
{
    const struct suite *selected[MAX_SELECTED];
    if (cmdline_parse(bootargs) != 0 || options_check() != 0)
        machine_exit(EXIT_USAGE);
    watchdog_set_bound_ms(option("watchdog_ms"));
    if (option("steal_max") && kmem_policy.set_steal_max)
        kmem_policy.set_steal_max(option("steal_max"));
    if ((option("cache_batch") || option("cache_high")) && kmem_policy.set_cache &&
        kmem_policy.set_cache(option("cache_batch"), option("cache_high")) != 0)
        machine_exit(EXIT_USAGE);
    int n = select_suites(cmdline_get("test"), selected);
    if (n <= 0) {
        list_suites();
        machine_exit(EXIT_USAGE);
    }
    if (option("trace") && trace_rings_setup(option("trace")) != 0)
        machine_exit(EXIT_USAGE);

    kmem_table_print("free pages per hart at boot");
    int count[3] = {0, 0, 0};
    for (int i = 0; i < n; i++) {
        trace_note(TRACE_SUITE, (unsigned long)i, 0);
        enum outcome o = run_suite(selected[i]);
        trace_note(TRACE_SUITE_END, (unsigned long)i, o);
        trace_print(selected[i]->name);
        ran[nran] = selected[i];
        ran_outcome[nran++] = o;
        count[o]++;
        if (after_suite) /* still the running suite's: a stop there is told as its */
            after_suite(selected[i]->name);
        __atomic_store_n(&running, (const struct suite *)0, __ATOMIC_RELAXED);
    }

    kmem_table_print("free pages per hart at the end");
    labresult_print();
    if (count[SKIPPED])
        printf("%d passed, %d failed, %d skipped\n", count[PASSED], count[FAILED], count[SKIPPED]);
    else
        printf("%d passed, %d failed\n", count[PASSED], count[FAILED]);
    machine_exit(count[FAILED] ? EXIT_FAIL : EXIT_PASS);
}

KERNEL_CLIENT(harness, .main = harness_main);
