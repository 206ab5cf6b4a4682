/* The in-kernel test harness: suites register themselves with SUITE() and are picked by
   test=NAME[,NAME] on the kernel command line. */
#ifndef KMEM_HARNESS_H
#define KMEM_HARNESS_H

struct suite {
    const char *name;
    const char *summary;
    int standard;     /* 1: part of the default set (no test= given) */
    int (*run)(void); /* runs on the boot hart; 0 = pass, or what suite_fail/suite_skip return */
};

/* Places the suite in the kmem_suites section, which linker.ld collects into a table. */
#define SUITE(ident, ...)                                                                          \
    static const struct suite suite_##ident                                                        \
        __attribute__((used, section("kmem_suites"), aligned(8))) = {__VA_ARGS__}

/* Record why the running suite fails (printed as "<name> FAIL: <why>"); returns -1 so a
   suite can `return suite_fail(...)`. The first reason recorded is kept. */
int suite_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The suite cannot run on this machine (e.g. it needs two harts): "<name> SKIP: <why>",
   counted apart from passes and failures. `return suite_skip(...)`. */
#define SUITE_SKIPPED 1
int suite_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* How a suite of this run ended so far: SUITE_NOT_RUN, or 0 passed, -1 failed,
   SUITE_SKIPPED. For suites that judge the run (lab mode's verdicts). */
#define SUITE_NOT_RUN 2
int suite_outcome(const char *name);

/* The suites this run selected, in order, up to max: their names and outcomes so far (as
   suite_outcome); returns how many. And the suite running now, with its after-suite hook
   (0 if none), and why the suite that ran last failed or skipped ("" if it passed). For
   lab mode's records of a run that ends early: which suites its next boot runs. */
int harness_selected(const char **names, int *outcomes, int max);
const char *harness_running(void);
const char *suite_reason(void);

/* Progress of a long suite, as kalloctest shows it: a '.' each time `done` passes another
   tenth of `total`, and the end of the line when done == total. One hart calls it. */
void suite_progress(unsigned long done, unsigned long total);

/* Called after each suite with its name (lab mode counts the free pages there). */
void harness_set_after_suite(void (*fn)(const char *name));

#endif
