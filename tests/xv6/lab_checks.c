/* The lab file's initlock and acquire are renamed xv6_initlock and xv6_acquire: they note
   each lock's name (pointer and text) and which locks kalloc/kfree take, then do the real
   thing. The "labcheck" suite, last in lab mode's standard set, turns what was seen and
   the other suites' outcomes into a verdict per bug class. */
#include "harness.h"
#include "hart.h"
#include "clock.h"
#include "intr.h"
#include "exit.h"
#include "panic.h"
#include "trap.h"
#include "watchdog.h"
#include "hart_start.h"
#include "lab_checks.h"
#include "printf.h"
#include "kalloc.h"
#include "lockstat.h"
#include "on_harts.h"
#include "pagechain.h"
#include "spinlock.h"
#include "string.h"

#define LAB_LOCKS 64
#define NAME_COPY 24

struct lab_lock {
    struct spinlock *lock;
    const char *name_at_init; /* the pointer given to initlock */
    char text_at_init[NAME_COPY];
    int used_by_allocator; /* taken inside kalloc or kfree */
    unsigned long harts;   /* bit i: hart index i (< 64) took it there */
};

static struct lab_lock locks[LAB_LOCKS];
static int nlocks;
static unsigned long pages_missing;   /* pages lost, as first seen after a suite */
static const char *first_short_suite; /* that suite */
/* Locks kalloc/kfree took that never went through initlock (zeroed storage works as a
   lock, but it has no name and no place in the lock report). */
#define UNINITIALISED_MAX 8
static struct spinlock *uninitialised[UNINITIALISED_MAX];
static int nuninitialised;
static struct spinlock lab_checks_lock = {.name = "labcheck"}; /* guards uninitialised[] */
static int inside[KMEM_MAX_HARTS]; /* per hart: in a call into the lab file */
static unsigned long cpuid_with_interrupts;
#define CALLERS_MAX 8
static void *cpuid_callers[CALLERS_MAX]; /* each distinct return address, first seen first */
static int ncpuid_callers;
static struct spinlock callers_lock = {.name = "labcheck.callers"};

/* Per hart: the last lock taken inside the current call into the lab file, whether that
   call is a kfree, and the hart's own lock as its kfree shows it (the first lock kfree
   takes: its own list's, in a per-CPU design). */
static struct spinlock *call_last[KMEM_MAX_HARTS];
static int in_kfree[KMEM_MAX_HARTS];
static struct spinlock *own_lock[KMEM_MAX_HARTS];

void lab_enter_allocator(int which)
{
    int me = this_hart()->index;
    if (inside[me]++ == 0) {
        call_last[me] = 0;
        in_kfree[me] = which == LAB_IN_KFREE;
    }
}

/* The schedule hook (lab_checks.h). */
static int pause_hart = -1;
static int pause_state; /* LAB_PAUSE_* */
static int pause_release;

void lab_pause_arm(int hart_index)
{
    __atomic_store_n(&pause_state, LAB_PAUSE_ARMED, __ATOMIC_RELEASE);
    __atomic_store_n(&pause_release, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&pause_hart, hart_index, __ATOMIC_RELEASE);
}

int lab_pause_state(void)
{
    return __atomic_load_n(&pause_state, __ATOMIC_ACQUIRE);
}

void lab_pause_release(void)
{
    __atomic_store_n(&pause_release, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&pause_hart, -1, __ATOMIC_RELEASE);
}

/* A hart between two locks of one call (a thief that let go of the victim's list and
   is about to take its own, its batch on no list) waits here while the hook is armed for
   it, until released or for LAB_PAUSE_MS at most. */
static void maybe_pause(int me, struct spinlock *lk)
{
    if (__atomic_load_n(&pause_hart, __ATOMIC_ACQUIRE) != me || in_kfree[me] ||
        lk != own_lock[me] || !call_last[me] || call_last[me] == lk)
        return;
    __atomic_store_n(&pause_hart, -1, __ATOMIC_RELEASE);
    __atomic_store_n(&pause_state, LAB_PAUSE_HELD, __ATOMIC_RELEASE);
    unsigned long until = clock_ticks() + clock_ms_to_ticks(LAB_PAUSE_MS);
    while (!__atomic_load_n(&pause_release, __ATOMIC_ACQUIRE) && clock_ticks() < until)
        cpu_relax();
    __atomic_store_n(&pause_state, LAB_PAUSE_DONE, __ATOMIC_RELEASE);
}

void lab_leave_allocator(void)
{
    inside[this_hart()->index]--;
}

void lab_note_cpuid(void *caller)
{
    if (!intr_get())
        return;
    __atomic_fetch_add(&cpuid_with_interrupts, 1, __ATOMIC_RELAXED);
    acquire(&callers_lock);
    int seen = 0;
    for (int i = 0; i < ncpuid_callers; i++)
        seen |= cpuid_callers[i] == caller;
    if (!seen && ncpuid_callers < CALLERS_MAX)
        cpuid_callers[ncpuid_callers++] = caller;
    release(&callers_lock);
}

void xv6_initlock(struct spinlock *lk, const char *name)
{
    initlock(lk, name);
    if (nlocks == LAB_LOCKS)
        return;
    struct lab_lock *l = &locks[nlocks++];
    l->lock = lk;
    l->name_at_init = name;
    size_t n = name ? strlen(name) : 0;
    if (n >= NAME_COPY)
        n = NAME_COPY - 1;
    if (name)
        memcpy(l->text_at_init, name, n);
    l->text_at_init[n] = '\0';
    /* Said now as well as in the verdicts: a later suite may deadlock before those print. */
    if (hart_stack_contains(name))
        printf("labcheck: initlock(\"%s\") names lock %d from a kernel stack at %p: the name "
               "is overwritten once kinit returns\n",
               l->text_at_init, nlocks - 1, name);
}

/* Schedule jitter: inside the lab file, when a hart takes a different lock than the last
   one it took (a steal going from the victim's lock back to its own, say), it often spins
   a little first. That widens the windows in which pages are between two lists, so that
   a race such as a one-pass steal's false out-of-memory shows up within a few dozen
   exhaust rounds instead of once in many runs; the steady state (one hart, its own lock)
   is left alone, so test1 keeps its speed. */
static unsigned long jitter_max;

void lab_set_jitter(unsigned long spins)
{
    jitter_max = spins;
}

static void jitter(void)
{
    static unsigned long state[KMEM_MAX_HARTS];
    unsigned long *s = &state[this_hart()->index];
    *s = *s * 6364136223846793005UL + 1442695040888963407UL + (unsigned long)this_hart()->index;
    unsigned long r = *s >> 33;
    if (jitter_max == 0 || (r & 3) != 0)
        return;
    for (unsigned long i = (r >> 3) % jitter_max; i > 0; i--)
        cpu_relax();
}

static struct spinlock *last_taken[KMEM_MAX_HARTS];

static void note_uninitialised(struct spinlock *lk)
{
    acquire(&lab_checks_lock);
    int seen = 0;
    for (int i = 0; i < nuninitialised; i++)
        seen |= uninitialised[i] == lk;
    if (!seen && nuninitialised < UNINITIALISED_MAX)
        uninitialised[nuninitialised++] = lk;
    release(&lab_checks_lock);
}

/* The starter's design: kalloc/kfree took one lock only, on more than one hart. (One lock
   on one hart says nothing: a per-CPU allocator whose other harts have not run yet.) */
static int one_shared_list(void)
{
    int n = nuninitialised, shared = 0;
    for (int i = 0; i < nlocks; i++) {
        n += locks[i].used_by_allocator;
        shared |= __builtin_popcountl(locks[i].harts) > 1;
    }
    return n == 1 && shared;
}

void xv6_acquire(struct spinlock *lk)
{
    int me = this_hart()->index;
    if (inside[me] && last_taken[me] != lk) {
        jitter();
        last_taken[me] = lk;
    }
    if (inside[me]) {
        if (in_kfree[me] && !call_last[me])
            own_lock[me] = lk;
        maybe_pause(me, lk);
        call_last[me] = lk;
    }
    acquire(lk);
    if (!inside[this_hart()->index])
        return;
    for (int i = 0; i < nlocks; i++) {
        if (locks[i].lock == lk) {
            locks[i].used_by_allocator = 1;
            if (me < 64 && !(locks[i].harts & (1UL << me)))
                __atomic_fetch_or(&locks[i].harts, 1UL << me, __ATOMIC_RELAXED);
            return;
        }
    }
    note_uninitialised(lk);
}

typedef int (*say_fn)(const char *fmt, ...);

/* Every problem with the lab file's lock names; returns how many. */
static int check_names(say_fn say)
{
    int problems = 0;
    for (int i = 0; i < nlocks; i++) {
        struct lab_lock *l = &locks[i];
        const char *now = l->lock->name ? l->lock->name : "";
        char shown[40];
        lockstat_printable_name(now, shown, sizeof(shown));
        if (hart_stack_contains(l->name_at_init)) {
            say("labcheck: lock %d's name \"%s\" lives on a kernel stack at %p\n", i,
                l->text_at_init, l->name_at_init);
            problems++;
        }
        if (strncmp(now, l->text_at_init, NAME_COPY - 1) != 0) {
            say("labcheck: lock %d was named \"%s\" at initlock and is now \"%s\"\n", i,
                l->text_at_init, shown);
            problems++;
        }
        if (l->used_by_allocator && strncmp(now, "kmem", 4) != 0) {
            say("labcheck: kalloc/kfree take lock \"%s\", whose name does not start with "
                "kmem (kalloctest's tot does not count it)\n",
                shown);
            problems++;
        }
    }
    for (int i = 0; i < nuninitialised; i++) {
        say("labcheck: kalloc/kfree take a lock at %p that never went through initlock "
            "(kinit runs once, on one hart: initialise every CPU's lock there)\n",
            (void *)uninitialised[i]);
        problems++;
    }
    return problems;
}

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
    int names = check_names(say);
    int one_list = one_shared_list();
    say("lab verdicts%s:\n", status < 0 ? "" : " (the run ended early: the rest did not run)");
    if (status == EXIT_STUCK && watchdog_found_cycle())
        say("  deadlock while stealing (AB/BA):       FOUND (the lock watchdog's cycle, above)\n");
    else if (status == EXIT_STUCK)
        say("  deadlock while stealing (AB/BA):       ok, but starvation: a lock held for a long "
            "time with no cycle (above)\n");
    else
        say("  deadlock while stealing (AB/BA):       ok (the lock watchdog did not fire)\n");
    found += status == EXIT_STUCK;
    if (status == EXIT_PANIC) {
        const struct trap_frame *f = trap_fatal_frame();
        say("  a trap or panic in the allocator:      FOUND");
        if (f) {
            const char *meaning = pattern_meaning(f->stval);
            say(" (a fault at pc %p, address %p%s%s)", (void *)f->sepc, (void *)f->stval,
                meaning ? ": " : "", meaning ? meaning : "");
        }
        say("\n");
        found++;
    }
    say("  per-CPU lists:                         %s\n",
        one_list ? "FOUND: one lock for every CPU (the starter's single shared list)" : "ok");
    say("  lock names and set-up (stack buffer, not kmem*, no initlock): %s\n",
        verdict(names == 0));
    say("  cpuid() with interrupts on:            %s", verdict(cpuid_with_interrupts == 0));
    if (cpuid_with_interrupts) {
        say(" (%lu calls, from", cpuid_with_interrupts);
        for (int i = 0; i < ncpuid_callers; i++)
            say(" %p", cpuid_callers[i]);
        say(")");
    }
    say("\n");
    const char *stealing = suite_outcome("sbrkmuch") == -1 || suite_outcome("handoff") == -1
                               ? "FOUND"
                               : suite_verdict("sbrkmuch");
    say("  stealing (each hart takes all memory: handoff, sbrkmuch): %s\n", stealing);
    static const char *const oom_suites[] = {"labrace", "exhaust", "nearoom", "test3"};
    int oom_failed = 0, oom_ran = 0;
    for (unsigned i = 0; i < sizeof(oom_suites) / sizeof(oom_suites[0]); i++) {
        oom_failed |= suite_outcome(oom_suites[i]) == -1;
        oom_ran |= suite_outcome(oom_suites[i]) == 0;
    }
    const char *oom = oom_failed ? "FOUND" : oom_ran ? "ok" : "n/a (did not run)";
    say("  false out-of-memory (labrace, exhaust, nearoom, test3): %s\n", oom);
    if (first_short_suite)
        say("  pages lost:                            FOUND (%lu pages missing after %s; the "
            "stealing and out-of-memory verdicts may only be this shortage)\n",
            pages_missing, first_short_suite);
    else
        say("  pages lost:                            ok\n");
    found += one_list + (names != 0) + (cpuid_with_interrupts != 0) + (stealing[0] == 'F') +
             (oom[0] == 'F');
    found += first_short_suite != 0;
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

static void drain_here(void *arg)
{
    (void)arg;
    chain_take(&drained[this_hart()->index], ~0UL, 0);
}

static void give_back_here(void *arg)
{
    (void)arg;
    chain_give(&drained[this_hart()->index], ~0UL);
}

static void count_pages_after(const char *suite)
{
    if (!counting) {
        counting = strcmp(suite, "handoff") == 0 || suite_outcome("handoff") == SUITE_NOT_RUN;
        if (!counting)
            return;
    }
    unsigned long found = 0;
    for (int i = 0; i < hart_count(); i++) {
        chain_init(&drained[i]);
        on_hart(i, drain_here, 0);
        found += drained[i].count;
    }
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
    int names = check_names(say_nothing);
    if (one_shared_list())
        suite_fail("a single shared list: not yet a per-CPU allocator");
    if (names)
        suite_fail("%d lock name problem(s)", names);
    if (cpuid_with_interrupts)
        suite_fail("cpuid() called with interrupts on %lu times, from %d places",
                   cpuid_with_interrupts, ncpuid_callers);
    if (first_short_suite)
        suite_fail("%lu pages lost after %s", pages_missing, first_short_suite);
    if (suite_outcome("sbrkmuch") == -1 || suite_outcome("handoff") == -1)
        suite_fail("one hart cannot get all memory: no stealing?");
    return suite_fail("kalloc returned 0 with pages free (false out-of-memory)");
}

SUITE(labcheck, .name = "labcheck", .summary = "lab mode: verdict per known bug class",
      .standard = 1, .run = labcheck_run);
