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
#include "target.h"
#include "watchdog.h"

#define STACK_SIZE (256 * 1024)

struct xhart sched_harts[EXPLORE_MAX_HARTS];
int sched_cpu[EXPLORE_MAX_HARTS];
int sched_nharts, sched_cur;
static ucontext_t main_ctx;
static const struct scenario *scenario;
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
    setcontext(&main_ctx);
    abort(); /* setcontext does not return */
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
static void switch_to(int next)
{
    int prev = sched_cur;
    sched_harts[prev].interrupts = host_interrupts_on;
    sched_cur = next;
    sched_harts[next].turn = sched_steps;
    host_hart = &harts[sched_cpu[next]];
    host_interrupts_on = sched_harts[next].interrupts;
    if (sched_harts[prev].state == FINISHED)
        setcontext(&sched_harts[next].ctx);
    else
        swapcontext(&sched_harts[prev].ctx, &sched_harts[next].ctx);
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

void sched_migrate(void)
{
    int opts[EXPLORE_MAX_HARTS], cost[EXPLORE_MAX_HARTS], n = 0;
    opts[n] = sched_cur;
    cost[n++] = 0;
    for (int k = 1; k < sched_nharts; k++) {
        int i = (sched_cur + k) % sched_nharts;
        if (sched_harts[i].state == FINISHED || sched_harts[i].interrupts) {
            opts[n] = i;
            cost[n++] = 1; /* an interrupt the hart did not ask for: a preemption */
        }
    }
    int c = n == 1 ? 0 : search_choose(sched_steps, opts, cost, n, 0);
    if (c == 0)
        return;
    int other = opts[c], mine = sched_cpu[sched_cur];
    sched_cpu[sched_cur] = sched_cpu[other];
    sched_cpu[other] = mine;
    host_hart = &harts[sched_cpu[sched_cur]];
    if (story_recording)
        story_event(sched_cur, sched_steps,
                    "an interrupt right after that identity read moves the rest of the call to "
                    "CPU %d (hart %d's CPU until now; hart %d goes on as CPU %d)",
                    sched_cpu[sched_cur], other, other, mine);
}

static void hart_main(int i)
{
    scenario->body(i);
    sched_finish_step();
    if (story_recording)
        story_event(i, sched_steps, "finishes");
    sched_harts[i].state = FINISHED;
    sched_decide(0, 0);
    abort(); /* the last hart to finish goes on to the drain; none returns here */
}

static void drain_main(void)
{
    ghost_drain();
    sched_phase = SCHED_IDLE;
    setcontext(&main_ctx);
}

static void make_hart(int i, void (*fn)(void), int arg)
{
    if (!sched_harts[i].stack && !(sched_harts[i].stack = malloc(STACK_SIZE))) {
        fputs("explore: no memory for a hart's stack\n", stderr);
        exit(3);
    }
    getcontext(&sched_harts[i].ctx);
    sched_harts[i].ctx.uc_stack.ss_sp = sched_harts[i].stack;
    sched_harts[i].ctx.uc_stack.ss_size = STACK_SIZE;
    sched_harts[i].ctx.uc_link = 0;
    makecontext(&sched_harts[i].ctx, fn, 1, arg);
    sched_harts[i].state = RUNNABLE;
    sched_harts[i].paused = 0;
    sched_harts[i].interrupts = 1; /* callers run with interrupts on, as kernel code does */
    sched_harts[i].call = 0;
    sched_harts[i].called = sched_harts[i].turn = 0;
    sched_cpu[i] = i;
}

/* Every hart has finished: hart 0 (a fresh coroutine) frees what they hold and takes all. */
static void start_drain(void)
{
    make_hart(0, drain_main, 0);
    if (story_recording)
        story_event(0, sched_steps,
                    "every hart has finished: hart 0 frees what the harts hold and "
                    "takes every page");
    sched_cur = 0;
    host_hart = &harts[0];
    host_interrupts_on = sched_harts[0].interrupts;
    setcontext(&sched_harts[0].ctx);
}

/* A schedule in which the allocator follows a bad pointer is a finding like any other:
   the signal ends that schedule (the handler leaves for the explorer's own context, whose
   saved signal mask lets the next fault in), and the search goes on. */
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
    *out = (struct run_result){FOUND_NOTHING, "", 0, 0, 0xcbf29ce484222325UL, 0};
    sched_result = out;
    scenario = sc;
    sched_nharts = sc->nharts;
    sched_steps = 0;
    sched_phase = SCHED_IDLE;
    volatile int started = 0;
    getcontext(&main_ctx); /* a finding during set-up comes back here */
    if (!started) {
        started = 1;
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
            make_hart(i, (void (*)(void))hart_main, i);
            if (story_recording && sc->setup) /* counters read directly: no step */
                story_setup(i, sc_held(i));
        }
        /* Who starts is the first choice; all are free. */
        int opts[EXPLORE_MAX_HARTS], cost[EXPLORE_MAX_HARTS] = {0};
        for (int i = 0; i < sched_nharts; i++)
            opts[i] = i;
        sched_phase = SCHED_HARTS;
        sched_cur = opts[sched_nharts == 1 ? 0 : search_choose(0, opts, cost, sched_nharts, 0)];
        sched_harts[sched_cur].turn = 0;
        host_hart = &harts[sched_cpu[sched_cur]];
        host_interrupts_on = sched_harts[sched_cur].interrupts;
        swapcontext(&main_ctx, &sched_harts[sched_cur].ctx);
    }
    sched_phase = SCHED_IDLE;
    in_run = 0;
    out->steps = sched_steps;
    out->preemptions = search_preemptions();
}
