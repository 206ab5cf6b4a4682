/* The explorer's side of arch/explore/explore_point.h: what the allocator calls at each
   scheduling point. Each point is a step of the running hart (counted, hashed for replays,
   bounded per call, recorded while a story is told), then a choice (sched_decide). */
#include <stdio.h>

#include "explorer.h"
#include "hart.h"
#include "lockstat.h"
#include "race.h"
#include "sched_hart.h"
#include "spinlock.h"
#include "store_history.h"
#include "target.h"

extern __thread int host_interrupts_on;

unsigned long explore_steps(void)
{
    return sched_steps;
}

/* Fowler-Noll-Vo over what each step was: which hart, which operation, from where. */
static void hash_step(int hart, enum explore_op op, const void *from)
{
    unsigned long v[3] = {(unsigned long)hart, (unsigned long)op, (unsigned long)from};
    for (int i = 0; i < 3; i++) {
        sched_result->hash ^= v[i];
        sched_result->hash *= 0x100000001b3UL;
    }
}

unsigned long sched_peek_free(void)
{
    int was = sched_phase;
    sched_phase = SCHED_IDLE; /* the explorer's own look at the lists is no step */
    unsigned long free = target_free_count();
    sched_phase = was;
    return free;
}

/* A call that does not end: what the allocator counts as free says why (pages in flight
   that never land are pages lost). */
static void __attribute__((noreturn)) livelock(const struct xhart *me)
{
    sched_phase = SCHED_IDLE;
    unsigned long free = target_free_count(), len[EXPLORE_MAX_LISTS], on_lists = 0;
    int n = target_list_lengths(len, EXPLORE_MAX_LISTS);
    for (int i = 0; i < n; i++)
        on_lists += len[i];
    if (n == 0)
        sched_found(FOUND_LIVELOCK,
                    "hart %d's %s has taken %d steps without returning (since step %lu), with "
                    "%lu pages counted free",
                    sched_cur, me->call, EXPLORE_CALL_STEPS, me->called, free);
    sched_found(FOUND_LIVELOCK,
                "hart %d's %s has taken %d steps without returning (since step %lu), with %lu "
                "pages counted in flight and %lu on lists",
                sched_cur, me->call, EXPLORE_CALL_STEPS, me->called, free - on_lists, on_lists);
}

/* Counts a step of the running hart; the livelock bound and the story see it. */
static void step(enum explore_op op, const void *addr, const void *from)
{
    sched_steps++;
    hash_step(sched_cur, op, from);
    struct xhart *me = &sched_harts[sched_cur];
    if (me->call && sched_steps - me->called > EXPLORE_CALL_STEPS)
        livelock(me);
    race_point();
    ghost_step();
    if (story_recording && sched_phase == SCHED_HARTS)
        story_point(sched_cur, op, addr, sched_steps, sched_peek_free());
}

/* Fairness, as CHESS's fair scheduler has it: a call that has run EXPLORE_FAIR_STEPS points
   since its hart last got the turn is spinning (a wait loop with no pause in it, as lab
   files write them, around acquire and release): its next point is a pause, so that the
   hart it waits for runs without a preemption. kmem's own calls pause in their back-off
   loops long before (and a correct call takes a few hundred points at most), so this
   changes nothing for them. */
static int holds_a_lock(void)
{
    for (int i = 0; i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        if (lk && lk->holder == this_hart() && lk->locked)
            return 1;
    }
    return 0;
}

/* The pause comes where the hart holds no lock: paused inside a critical section, it would
   still keep out the hart it waits for. At a release's point the holder field is already
   clear, though the lock is still held. */
static int spinning(const struct xhart *me, enum explore_op op)
{
    unsigned long since = me->turn > me->called ? me->turn : me->called;
    return me->call && sched_steps - since > EXPLORE_FAIR_STEPS && op != EXPLORE_STORE_RELEASE &&
           !holds_a_lock();
}

static void point(enum explore_op op, const void *addr, const void *from)
{
    if (sched_phase == SCHED_IDLE)
        return;
    struct xhart *me = &sched_harts[sched_cur];
    me->paused = 0;
    step(op, addr, from);
    if (sched_phase != SCHED_HARTS)
        return;
    if (!spinning(me, op)) {
        sched_decide(1, 0);
    } else {
        me->turn = sched_steps;
        sched_decide(0, 1);
    }
    if (host_interrupts_on)
        sched_interrupt();
}

void __attribute__((noinline)) explore_point(enum explore_op op, const void *addr)
{
    point(op, addr, __builtin_return_address(0));
}

void __attribute__((noinline))
explore_atomic(enum explore_op op, const void *addr, unsigned size, int order)
{
    unsigned long pc = (unsigned long)__builtin_return_address(0);
    point(op, addr, (const void *)pc);
    history_store(addr, size, order, op == EXPLORE_SWAP || op == EXPLORE_ADD, pc); /* now */
}

unsigned long __attribute__((noinline))
explore_load_atomic(enum explore_op op, const void *addr, unsigned size, int order)
{
    point(op, addr, __builtin_return_address(0));
    return history_load(addr, size, order, 1); /* the latest, or an older store */
}

void __attribute__((noinline))
explore_cas(const void *addr, unsigned size, unsigned long expected, int order, int fail)
{
    unsigned long pc = (unsigned long)__builtin_return_address(0);
    point(EXPLORE_SWAP, addr, (const void *)pc);
    if (word_value(addr, size) == expected) /* it will succeed: one hart runs at a time */
        history_store(addr, size, order, 1, pc);
    else
        history_load(addr, size, fail, 0); /* it compared with the latest: no choice */
}

void explore_fence(int order)
{
    if (sched_phase == SCHED_HARTS)
        history_fence(order);
}

void explore_intr_on(void)
{
    if (sched_phase == SCHED_HARTS)
        sched_interrupt();
}

void explore_plain_point(enum explore_op op, const void *addr, unsigned long pc)
{
    point(op, addr, (const void *)pc);
}

void __attribute__((noinline)) explore_yield(void)
{
    if (sched_phase == SCHED_IDLE || sched_harts[sched_cur].paused)
        return;
    sched_harts[sched_cur].paused = 1;
    step(EXPLORE_YIELD, 0, __builtin_return_address(0));
    if (sched_phase == SCHED_HARTS)
        sched_decide(0, 1);
}

void __attribute__((noinline))
explore_wait(const volatile void *addr, unsigned size, unsigned long v)
{
    if (sched_phase == SCHED_IDLE || word_value(addr, size) != v)
        return;
    if (sched_phase == SCHED_SETUP) /* alone: no one else can change the word */
        sched_found(FOUND_DEADLOCK,
                    "hart %d waits for a held lock in the set-up, where it "
                    "runs alone",
                    sched_cur);
    struct xhart *me = &sched_harts[sched_cur];
    me->paused = 0;
    me->state = WAITING;
    me->wait_word = addr;
    me->wait_size = size;
    me->wait_value = v;
    step(EXPLORE_WAIT, (const void *)addr, __builtin_return_address(0));
    sched_decide(0, 0); /* back when the word has changed */
}

void __attribute__((noinline)) explore_migrate_point(void)
{
    if (sched_phase != SCHED_HARTS)
        return;
    sched_harts[sched_cur].paused = 0;
    step(EXPLORE_MIGRATE, 0, __builtin_return_address(0));
    sched_migrate();
}

/* A hart's end, and the choice to deliver an interrupt, are steps of their own: a choice
   must not share its step number with the hart's last point, or a replay would take that
   choice at the point. */
void sched_own_step(enum explore_op op)
{
    step(op, 0, 0);
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
    sched_harts[sched_cur].call = what;
    sched_harts[sched_cur].called = sched_steps;
}

void sched_call_end(void)
{
    sched_harts[sched_cur].call = 0;
}
