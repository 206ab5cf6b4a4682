/* One schedule: the scenario's harts as coroutines on one thread, exactly one running, the
   turn passed only at scheduling points (arch/explore/explore_point.h). At each point the
   explorer lists who may run and search.c chooses. A hart spinning on a held lock sleeps
   until the lock word changes; a hart that pauses (a back-off) lets the next hart in turn
   run, for free; a state where no unfinished hart can run is a deadlock. After every hart
   has finished, hart 0 frees what the harts hold and takes every page (ghost_drain). */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "crash.h"
#include "explorer.h"
#include "sched_hart.h"
#include "hart.h"
#include "host_harts.h"
#include "intr.h"
#include "lockstat.h"
#include "spinlock.h"
#include "store_history.h"
#include "target.h"
#include "watchdog.h"

#define STACK_SIZE (256 * 1024)

struct xhart sched_harts[EXPLORE_MAX_HARTS];
int sched_cpu[EXPLORE_MAX_HARTS];
int sched_nharts, sched_cur;
static jmp_buf main_return; /* sched_run's, where a schedule ends */
const struct scenario *sched_scenario;
enum sched_phase sched_phase;
unsigned long sched_steps;
struct run_result *sched_result;

extern __thread struct hart *host_hart;

int sched_current(void)
{
    return sched_cur;
}

int sched_exploring(void)
{
    return sched_phase == SCHED_HARTS;
}

int sched_finished(int hart)
{
    return sched_harts[hart].state == FINISHED;
}

unsigned long sched_step(void)
{
    return sched_steps;
}

static int can_run(int i)
{
    struct xhart *h = &sched_harts[i];
    if (h->state == WAITING && word_value(h->wait_word, h->wait_size) != h->wait_value)
        h->state = RUNNABLE;
    return h->state == RUNNABLE;
}

void sched_found(enum finding f, const char *fmt, ...)
{
    sched_result->found = f;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sched_result->message, sizeof(sched_result->message), fmt, ap);
    va_end(ap);
    sched_phase = SCHED_IDLE;
    _longjmp(main_return, 1);
}

/* The lock whose word a hart waits on, for the deadlock report. */
static struct spinlock *lock_of_word(const volatile void *w)
{
    for (int i = 0; i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        if (lk && (const volatile void *)&lk->locked == w)
            return lk;
    }
    return 0;
}

static void __attribute__((noreturn)) deadlock(void)
{
    char text[400];
    int len = 0;
    for (int i = 0; i < sched_nharts; i++) {
        if (sched_harts[i].state != WAITING)
            continue;
        struct spinlock *lk = lock_of_word(sched_harts[i].wait_word);
        char name[120] = "a word no lock owns";
        if (lk)
            target_lock_label(lk, name, sizeof(name));
        struct hart *holder = lk ? lk->holder : 0;
        len += snprintf(text + len, sizeof(text) - (size_t)len, "%shart %d waits for %s, ",
                        len ? "; " : "", i, name);
        if (holder)
            len +=
                snprintf(text + len, sizeof(text) - (size_t)len, "held by hart %d", holder->index);
        else
            len += snprintf(text + len, sizeof(text) - (size_t)len, "held by no hart");
    }
    sched_found(FOUND_DEADLOCK, "no hart can run: %s", text);
}

static void start_drain(void);

/* Runs hart `next` from where it stopped, or from its start; does not return. */
static void __attribute__((noreturn)) resume(int next)
{
    struct xhart *h = &sched_harts[next];
    if (!h->started) {
        h->started = 1;
        _longjmp(h->top, next + 1);
    }
    _longjmp(h->resume, 1);
}

static void switch_to(int next)
{
    int prev = sched_cur;
    sched_harts[prev].interrupts = host_interrupts_on;
    sched_cur = next;
    sched_harts[next].turn = sched_steps;
    host_hart = &harts[sched_cpu[next]];
    host_interrupts_on = sched_harts[next].interrupts;
    if (sched_harts[prev].state == FINISHED || _setjmp(sched_harts[prev].resume) == 0)
        resume(next);
}

/* The choice at a point of the running hart. go_on: it may simply continue (a plain point);
   otherwise it pauses, sleeps or has finished. Switching away from a hart that could go on
   is a preemption (cost 1); after a pause the next hart in turn runs for free and any
   other costs 1, so back-off loops do not multiply schedules; after a sleep or the end of
   a hart, every hart that can run is a free choice. */
void sched_decide(int go_on, int pausing)
{
    int opts[EXPLORE_MAX_HARTS], cost[EXPLORE_MAX_HARTS], n = 0;
    if (go_on) {
        opts[n] = sched_cur;
        cost[n++] = 0;
    }
    for (int k = 1; k < sched_nharts; k++) {
        int i = (sched_cur + k) % sched_nharts;
        if (!can_run(i))
            continue;
        opts[n] = i;
        cost[n] = go_on || (pausing && n > 0);
        n++;
    }
    if (n == 0) {
        if (pausing)
            return; /* alone: the pause is over */
        for (int i = 0; i < sched_nharts; i++) {
            if (sched_harts[i].state != FINISHED)
                deadlock();
        }
        start_drain(); /* every hart has finished */
    }
    int c = n == 1 ? 0 : search_choose(sched_steps, opts, cost, n, pausing);
    if (opts[c] != sched_cur)
        switch_to(opts[c]);
}

static void hart_main(int i)
{
    sched_scenario->body(i);
    sched_harts[i].interrupted = 1; /* an idle hart allocates nothing, handlers included */
    ghost_hart_done(i);             /* as the kernel's dispatcher does when a hart's work ends */
    sched_own_step(EXPLORE_FINISH);
    if (story_recording)
        story_event(i, sched_steps, "finishes");
    sched_harts[i].state = FINISHED;
    sched_decide(0, 0);
    abort(); /* the last hart to finish goes on to the drain; none returns here */
}

static void drain_main(int unused)
{
    (void)unused;
    race_end(); /* the drain runs after every hart has finished */
    history_end();
    ghost_drain();
    sched_phase = SCHED_IDLE;
    _longjmp(main_return, 1);
}

/* A hart's coroutine, made once per process: it saves where each schedule's run of the
   hart begins and goes back to make_hart; from then on _longjmp enters it, leaving the
   signal mask alone (glibc's context calls set it with a system call each time). */
static jmp_buf made_back;
static int making;

static void coroutine(void)
{
    int r = _setjmp(sched_harts[making].top);
    if (r == 0)
        _longjmp(made_back, 1);
    struct xhart *h = &sched_harts[r - 1];
    h->entry(h->arg);
    abort(); /* a hart's run ends by leaving for another hart or for sched_run */
}

static void make_hart(int i, void (*fn)(int arg), int arg)
{
    if (!sched_harts[i].made) {
        if (!(sched_harts[i].stack = malloc(STACK_SIZE))) {
            fputs("explore: no memory for a hart's stack\n", stderr);
            exit(3);
        }
        getcontext(&sched_harts[i].ctx);
        sched_harts[i].ctx.uc_stack.ss_sp = sched_harts[i].stack;
        sched_harts[i].ctx.uc_stack.ss_size = STACK_SIZE;
        sched_harts[i].ctx.uc_link = 0;
        makecontext(&sched_harts[i].ctx, coroutine, 0);
        making = i;
        if (_setjmp(made_back) == 0)
            setcontext(&sched_harts[i].ctx);
        sched_harts[i].made = 1;
    }
    sched_harts[i].entry = fn;
    sched_harts[i].arg = arg;
    sched_harts[i].started = 0;
    sched_harts[i].state = RUNNABLE;
    sched_harts[i].paused = 0;
    sched_harts[i].interrupts = 1; /* callers run with interrupts on, as kernel code does */
    sched_harts[i].interrupted = 0;
    sched_harts[i].call = 0;
    sched_harts[i].called = sched_harts[i].turn = 0;
    sched_cpu[i] = i;
}

/* Every hart has finished: hart 0 (a fresh coroutine) frees what they hold and takes all. */
static void start_drain(void)
{
    make_hart(0, drain_main, 0);
    sched_harts[0].interrupted = 1; /* the drain is the explorer's: no interrupts */
    if (story_recording)
        story_event(0, sched_steps,
                    "every hart has finished: hart 0 frees what the harts hold and "
                    "takes every page");
    sched_cur = 0;
    host_hart = &harts[0];
    host_interrupts_on = sched_harts[0].interrupts;
    resume(0);
}

/* A schedule in which the allocator follows a bad pointer is a finding like any other:
   the signal ends that schedule (the handler leaves for sched_run; SA_NODEFER kept the
   signal unblocked, so the next fault comes in), and the search goes on. */
static volatile int in_run;

static void on_fault(int sig, siginfo_t *si, void *context)
{
    if (!in_run) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    unsigned long addr = (unsigned long)si->si_addr;
    if (story_recording && sched_phase == SCHED_HARTS) {
        void *frames[24];
        int n = crash_frames(context, sched_harts[sched_cur].stack, STACK_SIZE, frames, 24);
        story_fault(sched_cur, sched_steps, frames, n, addr);
    }
    sched_found(FOUND_CRASH, "the allocator touched memory it must not (%s at address %#lx%s)",
                sig == SIGSEGV ? "SIGSEGV" : "SIGBUS", addr, crash_meaning(addr));
}

static void catch_faults(void)
{
    static char alt[64 * 1024];
    static int done;
    if (done)
        return;
    done = 1;
    stack_t ss = {.ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0};
    sigaltstack(&ss, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_ONSTACK | SA_NODEFER | SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);
    sigaction(SIGBUS, &sa, 0);
}

void sched_run(const struct scenario *sc, struct run_result *out)
{
    catch_faults();
    memset(out, 0, sizeof(*out));
    out->hash = 0xcbf29ce484222325UL;
    sched_result = out;
    sched_scenario = sc;
    sched_nharts = sc->nharts;
    sched_steps = 0;
    sched_phase = SCHED_IDLE;
    if (_setjmp(main_return) == 0) { /* a schedule's end, or a finding, comes back here */
        in_run = 1;
        target_boot(sched_nharts, sc->pages); /* alone, unexplored: no step counts */
        sched_phase = SCHED_SETUP;
        watchdog_set_bound_ms(0); /* the explorer's livelock bound does that job */
        out->universe = target_boot_pages();
        ghost_reset(sched_nharts, out->universe);
        for (int i = 0; sc->setup && i < sched_nharts; i++) {
            host_become(i);
            intr_on();
            sched_cur = i;
            sc->setup(i);
        }
        for (int i = 0; i < sched_nharts; i++) {
            make_hart(i, hart_main, i);
            if (story_recording && sc->setup) /* counters read directly: no step */
                story_setup(i, sc_held(i));
        }
        /* Who starts is the first choice; all are free. */
        int opts[EXPLORE_MAX_HARTS], cost[EXPLORE_MAX_HARTS] = {0};
        for (int i = 0; i < sched_nharts; i++)
            opts[i] = i;
        sched_phase = SCHED_HARTS;
        race_begin(sched_nharts); /* the set-up happened before every hart's first step */
        history_begin(sched_nharts);
        sched_cur = opts[sched_nharts == 1 ? 0 : search_choose(0, opts, cost, sched_nharts, 0)];
        sched_harts[sched_cur].turn = 0;
        host_hart = &harts[sched_cpu[sched_cur]];
        host_interrupts_on = sched_harts[sched_cur].interrupts;
        resume(sched_cur);
    }
    sched_phase = SCHED_IDLE;
    in_run = 0;
    race_end();
    if (race_found())
        out->race = *race_found();
    if (race_peeked())
        out->peek = *race_peeked();
    if (out->found == FOUND_NOTHING && out->race.seen)
        out->found = FOUND_RACE;
    out->steps = sched_steps;
    out->preemptions = search_preemptions();
    out->stale_reads = search_stale_reads();
}
