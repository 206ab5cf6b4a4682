/* Lab mode's progress watchdog: a hart inside one call into the lab file (kalloc or kfree)
   for longer than LAB_LIVELOCK_MS of its own time, with no lock cycle behind it
   (it takes timer ticks there, so interrupts are on and it holds no spinlock), is a
   livelock: the run ends with the hart's pc, as the lock watchdog ends a deadlock's. A
   call that runs with interrupts off takes no ticks: after STARVATION_FACTOR times that
   of wall time (the margin the lock watchdog gives a hart the host may not run), its
   next acquire ends the run with the line that called it, or, if it calls nothing, another
   hart's tick ends it without a pc. */
#include "clock.h"
#include "console.h"
#include "csr.h"
#include "exit.h"
#include "hart.h"
#include "intr.h"
#include "lab_checks.h"
#include "lab_progress.h"
#include "panic.h"
#include "printf.h"
#include "watchdog.h"

/* Per hart, written by that hart only; read by the others' ticks. */
static unsigned long call_since[KMEM_MAX_HARTS]; /* clock_ticks() at the call's start, 0 none */
static unsigned long call_ticks[KMEM_MAX_HARTS]; /* 1 ms ticks the hart took inside it */
static int call_kfree[KMEM_MAX_HARTS];            /* the call is a kfree */

/* A correct kalloc or kfree takes microseconds, and lab mode's schedule hook holds one
   for LAB_PAUSE_MS at most: 2 s of a hart's own time inside one call is no wait. Off with
   the lock watchdog (watchdog_ms=0). */
#define LAB_LIVELOCK_MS 2000

static struct livelock found; /* what ended the run, for the verdicts */
static int fired;

void lab_progress_enter(int hart_index, int is_kfree)
{
    call_ticks[hart_index] = 0;
    call_kfree[hart_index] = is_kfree;
    unsigned long now = clock_ticks();
    __atomic_store_n(&call_since[hart_index], now ? now : 1, __ATOMIC_RELAXED);
}

void lab_progress_leave(int hart_index)
{
    __atomic_store_n(&call_since[hart_index], 0UL, __ATOMIC_RELAXED);
}

enum seen_by { BY_TICK, BY_CALL, BY_OTHER }; /* how the livelock was seen */

static void stop(int hart_index, unsigned long pc, unsigned long ms, enum seen_by by)
    __attribute__((noreturn));
static void stop(int hart_index, unsigned long pc, unsigned long ms, enum seen_by by)
{
    intr_off();
    if (__atomic_exchange_n(&fired, 1, __ATOMIC_ACQ_REL)) {
        for (;;)
            cpu_relax(); /* another hart is reporting */
    }
    console_begin_panic();
    found = (struct livelock){1, hart_index, pc, by == BY_CALL, ms, call_kfree[hart_index]};
    const char *call = found.in_kfree ? "kfree" : "kalloc";
    if (by == BY_CALL)
        printf_unlocked("watchdog: hart index %d has been inside one %s for %lu ms with "
                        "interrupts off: livelock (a call that never returns), calling "
                        "acquire from %p\n",
                        hart_index, call, ms, (void *)pc);
    else if (by == BY_TICK)
        printf_unlocked("watchdog: hart index %d has been inside one %s for %lu ms of its own "
                        "time, holding no lock: livelock (a call that never returns), at pc "
                        "%p\n",
                        hart_index, call, ms, (void *)pc);
    else
        printf_unlocked("watchdog: hart index %d has been inside one %s for %lu ms with "
                        "interrupts off: livelock (a call that never returns); its pc is not "
                        "known\n",
                        hart_index, call, ms);
    panic_last_words(EXIT_STUCK);
    machine_exit(EXIT_STUCK);
}

void lab_progress_tick(void)
{
    unsigned long bound_ms = lab_progress_bound_ms();
    if (bound_ms == 0)
        return;
    int me = this_hart()->index;
    if (__atomic_load_n(&call_since[me], __ATOMIC_RELAXED) && ++call_ticks[me] > bound_ms)
        stop(me, csr_read(sepc), call_ticks[me], BY_TICK);
    unsigned long now = clock_ticks(), wall = STARVATION_FACTOR * clock_ms_to_ticks(bound_ms);
    for (int i = 0; i < hart_count(); i++) {
        unsigned long since = __atomic_load_n(&call_since[i], __ATOMIC_RELAXED);
        /* (signed: that hart may have read the clock after this one did) */
        if (i != me && since && (long)(now - since) > (long)wall)
            stop(i, 0, (now - since) / clock_ms_to_ticks(1), BY_OTHER);
    }
}

unsigned long lab_progress_bound_ms(void)
{
    return watchdog_bound_ms() ? LAB_LIVELOCK_MS : 0;
}

void lab_progress_call(void *from)
{
    unsigned long bound_ms = lab_progress_bound_ms();
    int me = this_hart()->index;
    unsigned long since = __atomic_load_n(&call_since[me], __ATOMIC_RELAXED);
    if (bound_ms == 0 || since == 0)
        return;
    unsigned long waited = clock_ticks() - since;
    if ((long)waited > (long)(STARVATION_FACTOR * clock_ms_to_ticks(bound_ms)))
        stop(me, (unsigned long)from, waited / clock_ms_to_ticks(1), BY_CALL);
}

const struct livelock *lab_progress_livelock(void)
{
    return found.seen ? &found : 0;
}
