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

#include "explorer.h"
#include "hart.h"
#include "host_harts.h"
#include "intr.h"
#include "kalloc.h"
#include "kmem_steal.h"
#include "lockstat.h"
#include "spinlock.h"
#include "watchdog.h"

#define STACK_SIZE (256 * 1024)

enum hart_state { RUNNABLE, WAITING, FINISHED };

struct xhart {
    ucontext_t ctx;
    char *stack;
    enum hart_state state;
    const volatile void *wait_word; /* WAITING: sleeps while this word holds wait_value */
    unsigned wait_size;
    unsigned long wait_value;
    int paused;           /* paused with no point since: further pauses are the same one */
    int interrupts;       /* its host_interrupts_on while another hart runs */
    const char *call;     /* "kalloc" or "kfree" while in one, else 0 */
    unsigned long called; /* the step it began at */
};

static struct xhart xh[EXPLORE_MAX_HARTS];
static int nharts, cur;
static ucontext_t main_ctx;
static const struct scenario *scenario;
/* IDLE: no schedule runs, or the explorer itself reads the allocator; SETUP: the set-up,
   each hart alone (steps count, for the livelock bound, but nothing is chosen); HARTS: the
   harts run and every point is a choice. */
static enum { IDLE, SETUP, HARTS } phase;
static unsigned long steps;
static struct run_result *result;

extern __thread struct hart *host_hart;

int sched_current(void)
{
    return cur;
}

int sched_exploring(void)
{
    return phase == HARTS;
}

unsigned long sched_step(void)
{
    return steps;
}

unsigned long explore_steps(void)
{
    return steps;
}

static unsigned long word_value(const volatile void *w, unsigned size)
{
    return size == 4 ? *(const volatile unsigned int *)w : *(const volatile unsigned long *)w;
}

static int can_run(int i)
{
    struct xhart *h = &xh[i];
    if (h->state == WAITING && word_value(h->wait_word, h->wait_size) != h->wait_value)
        h->state = RUNNABLE;
    return h->state == RUNNABLE;
}

void sched_found(enum finding f, const char *fmt, ...)
{
    result->found = f;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(result->message, sizeof(result->message), fmt, ap);
    va_end(ap);
    phase = IDLE;
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
    for (int i = 0; i < nharts; i++) {
        if (xh[i].state != WAITING)
            continue;
        struct spinlock *lk = lock_of_word(xh[i].wait_word);
        const char *name = lk && lk->name ? lk->name : "a word no lock owns";
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

/* The steal path's test hooks are points too, named in stories. */
static void at_in_flight(void)
{
    explore_point(EXPLORE_HOOK, "in_flight (a batch cut, not landed)");
}

static void at_empty_pass(void)
{
    explore_point(EXPLORE_HOOK, "empty_pass (a census saw no page on the other lists)");
}

static const struct kmem_hooks hooks = {at_in_flight, at_empty_pass};

static void switch_to(int next)
{
    int prev = cur;
    xh[prev].interrupts = host_interrupts_on;
    cur = next;
    host_hart = &harts[next];
    host_interrupts_on = xh[next].interrupts;
    if (xh[prev].state == FINISHED)
        setcontext(&xh[next].ctx);
    else
        swapcontext(&xh[prev].ctx, &xh[next].ctx);
}

/* The choice at a point of hart cur. go_on: cur may simply continue (a plain point);
   otherwise it pauses, sleeps or has finished. Switching away from a hart that could go on
   is a preemption (cost 1); after a pause the next hart in turn runs for free and any
   other costs 1, so back-off loops do not multiply schedules; after a sleep or the end of
   a hart, every hart that can run is a free choice. */
static void decide(int go_on, int pausing)
{
    int opts[EXPLORE_MAX_HARTS], cost[EXPLORE_MAX_HARTS], n = 0;
    if (go_on) {
        opts[n] = cur;
        cost[n++] = 0;
    }
    for (int k = 1; k < nharts; k++) {
        int i = (cur + k) % nharts;
        if (!can_run(i))
            continue;
        opts[n] = i;
        cost[n] = go_on || (pausing && n > 0);
        n++;
    }
    if (n == 0) {
        if (pausing)
            return; /* alone: the pause is over */
        for (int i = 0; i < nharts; i++) {
            if (xh[i].state != FINISHED)
                deadlock();
        }
        start_drain(); /* every hart has finished */
    }
    int c = n == 1 ? 0 : search_choose(steps, opts, cost, n, pausing);
    result->preemptions += cost[c];
    if (opts[c] != cur)
        switch_to(opts[c]);
}

/* Fowler-Noll-Vo over what each step was: which hart, which operation, from where. */
static void hash_step(int hart, enum explore_op op, const void *from)
{
    unsigned long v[3] = {(unsigned long)hart, (unsigned long)op, (unsigned long)from};
    for (int i = 0; i < 3; i++) {
        result->hash ^= v[i];
        result->hash *= 0x100000001b3UL;
    }
}

unsigned long sched_peek_free(void)
{
    int was = phase;
    phase = IDLE; /* the explorer's own look at the lists is no step */
    unsigned long free = kmem_free_count();
    phase = was;
    return free;
}

/* A call that does not end: what the allocator counts as free says why (pages in flight
   that never land are pages lost). */
static void __attribute__((noreturn)) livelock(const struct xhart *me)
{
    phase = IDLE;
    unsigned long free = kmem_free_count(), on_lists = 0;
    for (int i = 0; i < nharts; i++) {
        struct kmem_hart_stats st;
        kmem_stats(i, &st);
        on_lists += st.length;
    }
    sched_found(FOUND_LIVELOCK,
                "hart %d's %s has taken %d steps without returning (since step %lu), with %lu "
                "pages counted in flight and %lu on lists",
                cur, me->call, EXPLORE_CALL_STEPS, me->called, free - on_lists, on_lists);
}

/* Counts a step of hart cur; the livelock bound and the story see it. */
static void step(enum explore_op op, const void *addr, const void *from)
{
    steps++;
    hash_step(cur, op, from);
    struct xhart *me = &xh[cur];
    if (me->call && steps - me->called > EXPLORE_CALL_STEPS)
        livelock(me);
    if (story_recording && phase == HARTS)
        story_point(cur, op, addr, steps, sched_peek_free());
}

void __attribute__((noinline)) explore_point(enum explore_op op, const void *addr)
{
    if (phase == IDLE)
        return;
    xh[cur].paused = 0;
    step(op, addr, __builtin_return_address(0));
    if (phase == HARTS)
        decide(1, 0);
}

void __attribute__((noinline)) explore_yield(void)
{
    if (phase == IDLE || xh[cur].paused)
        return;
    xh[cur].paused = 1;
    step(EXPLORE_YIELD, 0, __builtin_return_address(0));
    if (phase == HARTS)
        decide(0, 1);
}

void __attribute__((noinline))
explore_wait(const volatile void *addr, unsigned size, unsigned long v)
{
    if (phase == IDLE || word_value(addr, size) != v)
        return;
    if (phase == SETUP) /* alone: no one else can change the word */
        sched_found(FOUND_DEADLOCK,
                    "hart %d waits for a held lock in the set-up, where it "
                    "runs alone",
                    cur);
    struct xhart *me = &xh[cur];
    me->paused = 0;
    me->state = WAITING;
    me->wait_word = addr;
    me->wait_size = size;
    me->wait_value = v;
    step(EXPLORE_WAIT, (const void *)addr, __builtin_return_address(0));
    decide(0, 0); /* back when the word has changed */
}

void explore_console(const char *text)
{
    story_console(text);
}

void explore_stop(int status)
{
    sched_found(FOUND_PANIC, "the allocator stopped the run (exit status %d)", status);
}

void sched_call_begin(const char *what)
{
    xh[cur].call = what;
    xh[cur].called = steps;
}

void sched_call_end(void)
{
    xh[cur].call = 0;
}

static void hart_main(int i)
{
    scenario->body(i);
    if (story_recording)
        story_event(i, steps, "finishes");
    xh[i].state = FINISHED;
    decide(0, 0);
    abort(); /* the last hart to finish goes on to the drain; none returns here */
}

static void drain_main(void)
{
    ghost_drain();
    phase = IDLE;
    setcontext(&main_ctx);
}

static void make_hart(int i, void (*fn)(void), int arg)
{
    if (!xh[i].stack && !(xh[i].stack = malloc(STACK_SIZE))) {
        fputs("explore: no memory for a hart's stack\n", stderr);
        exit(3);
    }
    getcontext(&xh[i].ctx);
    xh[i].ctx.uc_stack.ss_sp = xh[i].stack;
    xh[i].ctx.uc_stack.ss_size = STACK_SIZE;
    xh[i].ctx.uc_link = 0;
    makecontext(&xh[i].ctx, fn, 1, arg);
    xh[i].state = RUNNABLE;
    xh[i].paused = 0;
    xh[i].interrupts = 1; /* callers run with interrupts on, as kernel code does */
    xh[i].call = 0;
}

/* Every hart has finished: hart 0 (a fresh coroutine) frees what they hold and takes all. */
static void start_drain(void)
{
    make_hart(0, drain_main, 0);
    if (story_recording)
        story_event(0, steps,
                    "every hart has finished: hart 0 frees what the harts hold and "
                    "takes every page");
    cur = 0;
    host_hart = &harts[0];
    host_interrupts_on = xh[0].interrupts;
    setcontext(&xh[0].ctx);
}

/* A schedule in which the allocator follows a bad pointer is a finding like any other:
   the signal ends that schedule (the handler leaves for the explorer's own context, whose
   saved signal mask lets the next fault in), and the search goes on. */
static volatile int in_run;

static void on_fault(int sig)
{
    if (!in_run) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    sched_found(FOUND_CRASH, "the allocator touched memory it must not (%s)",
                sig == SIGSEGV ? "SIGSEGV" : "SIGBUS");
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
    sa.sa_handler = on_fault;
    sa.sa_flags = SA_ONSTACK | SA_NODEFER;
    sigaction(SIGSEGV, &sa, 0);
    sigaction(SIGBUS, &sa, 0);
}

void sched_run(const struct scenario *sc, struct run_result *out)
{
    catch_faults();
    *out = (struct run_result){FOUND_NOTHING, "", 0, 0, 0xcbf29ce484222325UL, 0};
    result = out;
    scenario = sc;
    nharts = sc->nharts;
    steps = 0;
    phase = IDLE;
    volatile int started = 0;
    getcontext(&main_ctx); /* a finding during set-up comes back here */
    if (!started) {
        started = 1;
        in_run = 1;
        host_boot(nharts, sc->pages);
        phase = SETUP;
        watchdog_set_bound_ms(0); /* the explorer's livelock bound does that job */
        kmem_policy.set_hooks(&hooks);
        out->universe = kmem_boot_pages();
        ghost_reset(nharts, out->universe);
        for (int i = 0; sc->setup && i < nharts; i++) {
            host_become(i);
            intr_on();
            cur = i;
            sc->setup(i);
        }
        for (int i = 0; i < nharts; i++) {
            make_hart(i, (void (*)(void))hart_main, i);
            if (story_recording && sc->setup) /* counters read directly: no step */
                story_setup(i, sc_held(i), freelist_length(&kmem_lists[i]));
        }
        /* Who starts is the first choice; all are free. */
        int opts[EXPLORE_MAX_HARTS], cost[EXPLORE_MAX_HARTS] = {0};
        for (int i = 0; i < nharts; i++)
            opts[i] = i;
        phase = HARTS;
        cur = opts[nharts == 1 ? 0 : search_choose(0, opts, cost, nharts, 0)];
        host_hart = &harts[cur];
        host_interrupts_on = xh[cur].interrupts;
        swapcontext(&main_ctx, &xh[cur].ctx);
    }
    phase = IDLE;
    in_run = 0;
    out->steps = steps;
}
