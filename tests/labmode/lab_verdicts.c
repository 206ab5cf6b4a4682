/* Lab mode's verdicts: one line per known bug class, from what lab_checks.c saw and the
   suites' outcomes, printed by the "labcheck" suite (last in lab mode's standard set) or,
   when a deadlock or a trap ends the run, as the kernel's last words; and the count of
   pages lost after each suite. */
#include "exit.h"
#include "harness.h"
#include "hart.h"
#include "kalloc.h"
#include "lab_checks.h"
#include "lab_progress.h"
#include "lab_record.h"
#include "lab_records.h"
#include "on_harts.h"
#include "pagechain.h"
#include "panic.h"
#include "printf.h"
#include "string.h"
#include "trap.h"
#include "watchdog.h"

static unsigned long pages_missing;   /* pages lost, as first seen after a suite */
static void *handed_twice;            /* a page kalloc returned with none free, or 0 */
static const char *first_short_suite; /* that suite */

static const char *verdict(int ok)
{
    return ok ? "ok" : "FOUND";
}

/* A suite's verdict line: FOUND if it failed, ok if it passed, n/a if it did not run. */
static const char *suite_verdict(const char *name)
{
    int outcome = suite_outcome(name);
    return outcome == -1 ? "FOUND" : outcome == 0 ? "ok" : "n/a (did not run)";
}

/* What a fault address means, if it is a fill pattern: xv6's kalloc fills a page it hands
   out with 5s, its kfree a freed page with 1s; a pointer made of them was read from such a
   page. */
static const char *pattern_meaning(unsigned long v)
{
    if ((v | 0xff) == 0x05050505050505ffUL)
        return "kalloc's fill (5): a page already handed out was read as a free-list link";
    if ((v | 0xff) == 0x01010101010101ffUL)
        return "kfree's fill (1): a freed page's link was read before it was written";
    if (v < 4096)
        return "a NULL pointer (plus an offset) was dereferenced";
    return 0;
}

/* The verdicts. status: -1 from the labcheck suite; EXIT_STUCK or EXIT_PANIC when the run
   is ending early (last words), when only what was seen so far can be judged. Returns the
   number of FOUND verdicts. */
static int print_verdicts(say_fn say, int status)
{
    int found = 0;
    int names = lab_lock_problems(say);
    int one_list = lab_one_shared_list();
    const struct livelock *live = lab_progress_livelock();
    say("lab verdicts%s:\n", status < 0 ? "" : " (the run ended early: the rest did not run)");
    if (status == EXIT_STUCK && live) {
        say("  deadlock while stealing (AB/BA):       ok (%s, not a lock cycle)\n",
            live->stalled ? "a stuck run" : "a livelock");
        lab_record_judged(LAB_CLASS_deadlock, "ok", "none: the run ended on %s",
                          live->stalled ? "a stuck run" : "a livelock");
    } else if (status == EXIT_STUCK && watchdog_found_cycle()) {
        say("  deadlock while stealing (AB/BA):       FOUND (the lock watchdog's cycle, above)\n");
        lab_record_judged(LAB_CLASS_deadlock, "FOUND", "the lock watchdog's cycle");
    } else if (status == EXIT_STUCK) {
        say("  deadlock while stealing (AB/BA):       ok, but starvation: a lock held for a long "
            "time with no cycle (above)\n");
        lab_record_judged(LAB_CLASS_deadlock, "ok",
                          "none, but starvation: a lock held for a long time");
    } else {
        say("  deadlock while stealing (AB/BA):       ok (the lock watchdog did not fire)\n");
        lab_record_judged(LAB_CLASS_deadlock, "ok", "none seen");
    }
    found += status == EXIT_STUCK && !live;
    if (live && live->stalled) {
        say("  livelock (a call that never returns):  not judged: the run was stuck outside "
            "the allocator (above)\n");
        lab_record_judged(LAB_CLASS_livelock, "n/a",
                          "no kalloc or kfree returned for %lu ms: the run was "
                          "stuck outside the allocator",
                          live->ms);
    } else if (live) {
        say("  livelock (a call that never returns):  FOUND (hart index %d, inside one %s for "
            "%lu ms%s)\n",
            live->hart_index, live->in_kfree ? "kfree" : "kalloc", live->ms,
            live->pc && !live->pc_is_return ? "" : ", interrupts off");
        lab_record_judged(LAB_CLASS_livelock, "FOUND",
                          "hart index %d inside one %s for %lu ms (%s)", live->hart_index,
                          live->in_kfree ? "kfree" : "kalloc", live->ms,
                          !live->pc ? "interrupts off, calling nothing: its pc is not known"
                          : live->pc_is_return ? "interrupts off, still calling acquire"
                                               : "the progress watchdog's tick");
    } else if (lab_progress_bound_ms()) {
        say("  livelock (a call that never returns):  ok\n");
        lab_record_judged(LAB_CLASS_livelock, "ok", "none: no call ran %lu ms of its hart's time",
                          lab_progress_bound_ms());
    }
    if (handed_twice) {
        say("  a page handed out twice:               FOUND (kalloc returned %p, still out)\n",
            handed_twice);
        lab_record_judged(LAB_CLASS_double_alloc, "FOUND",
                          "kalloc returned %p, which was still handed out", handed_twice);
        lab_record_judged(LAB_CLASS_crash, "ok",
                          "none (the run was stopped on a page handed out twice)");
        found++;
    } else {
        lab_record_judged(LAB_CLASS_double_alloc, "ok",
                          "no kalloc returned a page still handed out");
    }
    if (status == EXIT_PANIC && !handed_twice) {
        const struct trap_frame *f = trap_fatal_frame();
        say("  a trap or panic in the allocator:      FOUND");
        if (f) {
            const char *meaning = pattern_meaning(f->stval);
            say(" (a fault at pc %p, address %p%s%s)", (void *)f->sepc, (void *)f->stval,
                meaning ? ": " : "", meaning ? meaning : "");
            lab_record_judged(LAB_CLASS_crash, "FOUND", "a fault at pc %p, address %p%s%s",
                              (void *)f->sepc, (void *)f->stval, meaning ? ": " : "",
                              meaning ? meaning : "");
        } else {
            lab_record_judged(LAB_CLASS_crash, "FOUND", "a panic");
        }
        say("\n");
        found++;
    } else if (!handed_twice) {
        lab_record_judged(LAB_CLASS_crash, "ok", "none");
    }
    say("  per-CPU lists:                         %s\n",
        one_list ? "FOUND: one lock for every CPU (the starter's single shared list)" : "ok");
    lab_record_judged(LAB_CLASS_per_cpu, one_list ? "FOUND" : "ok", "%s",
                      one_list ? "one lock for every CPU (the starter's single shared list)"
                               : "labcheck ok");
    say("  lock names and set-up (stack buffer, not kmem*, no initlock): %s\n",
        verdict(names == 0));
    lab_record_judged(LAB_CLASS_lock_names, verdict(names == 0), "labcheck %s%s",
                      verdict(names == 0), names ? " (labcheck's lines above)" : "");
    void *const *callers;
    int ncallers;
    unsigned long cpuid_with_interrupts = lab_cpuid_with_interrupts(&callers, &ncallers);
    say("  cpuid() with interrupts on:            %s", verdict(cpuid_with_interrupts == 0));
    lab_record_judged(LAB_CLASS_cpuid_intr, verdict(cpuid_with_interrupts == 0), "labcheck %s",
                      verdict(cpuid_with_interrupts == 0));
    if (cpuid_with_interrupts) {
        say(" (%lu calls, from", cpuid_with_interrupts);
        for (int i = 0; i < ncallers; i++)
            say(" %p", callers[i]);
        say(")");
        lab_record_judged(LAB_CLASS_cpuid_intr, "FOUND",
                          "labcheck FOUND (%lu calls, from %d places)", cpuid_with_interrupts,
                          ncallers);
    }
    say("\n");
    const char *stealing = suite_outcome("sbrkmuch") == -1 || suite_outcome("handoff") == -1
                               ? "FOUND"
                               : suite_verdict("sbrkmuch");
    say("  stealing (each hart takes all memory: handoff, sbrkmuch): %s\n", stealing);
    lab_record_judged(LAB_CLASS_stealing, stealing[0] == 'n' ? "n/a" : stealing,
                      "handoff, sbrkmuch");
    static const char *const oom_suites[] = {"labrace", "exhaust", "nearoom", "test3"};
    int oom_failed = 0, oom_ran = 0;
    for (unsigned i = 0; i < sizeof(oom_suites) / sizeof(oom_suites[0]); i++) {
        oom_failed |= suite_outcome(oom_suites[i]) == -1;
        oom_ran |= suite_outcome(oom_suites[i]) == 0;
    }
    const char *oom = oom_failed ? "FOUND" : oom_ran ? "ok" : "n/a (did not run)";
    say("  false out-of-memory (labrace, exhaust, nearoom, test3): %s\n", oom);
    lab_record_judged(LAB_CLASS_false_oom, oom[0] == 'n' ? "n/a" : oom,
                      "labrace, exhaust, nearoom, test3");
    if (first_short_suite) {
        say("  pages lost:                            FOUND (%lu pages missing after %s; the "
            "stealing and out-of-memory verdicts may only be this shortage)\n",
            pages_missing, first_short_suite);
        lab_record_judged(LAB_CLASS_pages_lost, "FOUND",
                          "labcheck FOUND (%lu pages missing after %s)", pages_missing,
                          first_short_suite);
    } else {
        say("  pages lost:                            ok\n");
        lab_record_judged(LAB_CLASS_pages_lost, "ok", "labcheck ok");
    }
    found += one_list + (names != 0) + (cpuid_with_interrupts != 0) + (stealing[0] == 'F') +
             (oom[0] == 'F') + (live && !live->stalled);
    found += first_short_suite != 0;
    lab_records_print(say, status);
    return found;
}

static int say_unlocked(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf_unlocked(fmt, ap);
    va_end(ap);
    return n;
}

/* Pages lost: after each suite, every hart in turn takes all it can get (holding it), so
   that a page on any list is found even by an allocator that does not steal; then each
   gives back what it took. One hart at a time, so that no allocator can deadlock here.
   Counting starts after "handoff", which needs harts that have never allocated. */
static struct pagechain drained[KMEM_MAX_HARTS];
static int counting;

static void give_back_here(void *arg)
{
    (void)arg;
    chain_give(&drained[this_hart()->index], ~0UL);
}

static int handoff_selected(void)
{
    const char *names[64];
    int outcomes[64];
    int n = harness_selected(names, outcomes, 64);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], "handoff") == 0)
            return 1;
    }
    return 0;
}

static void count_pages_after(const char *suite)
{
    lab_record_reason(suite);
    /* Not after labcheck: its verdicts and records are the lab file's last word, and no
       call into the file may follow them (a record it printed would come after). */
    if (strcmp(suite, "labcheck") == 0)
        return;
    if (!counting) {
        counting = strcmp(suite, "handoff") == 0 || !handoff_selected();
        if (!counting)
            return;
    }
    unsigned long found = chain_take_on_each_hart(drained);
    for (int i = 0; i < hart_count(); i++)
        on_hart(i, give_back_here, 0);
    unsigned long handed = kmem_boot_pages();
    if (found < handed && !first_short_suite) {
        first_short_suite = suite;
        pages_missing = handed - found;
        printf("labcheck: after %s, the harts together found %lu of the %lu pages kinit handed "
               "over: %lu pages lost\n",
               suite, found, handed, pages_missing);
    }
}

void lab_handed_out_twice(void *pa)
{
    handed_twice = pa;
    panic("kalloc: your kalloc returned page %p, which it had handed out and nobody had "
          "freed: a page handed out twice",
          pa);
}

/* Said however the run ends: a deadlock or a trap in the lab file still gets every
   verdict that can be judged. */
static void last_words(int status)
{
    print_verdicts(say_unlocked, status);
}

void lab_checks_init(void)
{
    panic_set_last_words(last_words);
    harness_set_after_suite(count_pages_after);
}

static int say_nothing(const char *fmt, ...)
{
    (void)fmt;
    return 0;
}

static int labcheck_run(void)
{
    if (!print_verdicts(printf, -1))
        return 0;
    int names = lab_lock_problems(say_nothing);
    if (lab_one_shared_list())
        suite_fail("a single shared list: not yet a per-CPU allocator");
    if (names)
        suite_fail("%d lock name problem(s)", names);
    void *const *callers;
    int ncallers;
    unsigned long cpuid_with_interrupts = lab_cpuid_with_interrupts(&callers, &ncallers);
    if (cpuid_with_interrupts)
        suite_fail("cpuid() called with interrupts on %lu times, from %d places",
                   cpuid_with_interrupts, ncallers);
    if (first_short_suite)
        suite_fail("%lu pages lost after %s", pages_missing, first_short_suite);
    if (suite_outcome("sbrkmuch") == -1 || suite_outcome("handoff") == -1)
        suite_fail("one hart cannot get all memory: no stealing?");
    return suite_fail("kalloc returned 0 with pages free (false out-of-memory)");
}

SUITE(labcheck, .name = "labcheck", .summary = "lab mode: verdict per known bug class",
      .standard = 1, .run = labcheck_run);
