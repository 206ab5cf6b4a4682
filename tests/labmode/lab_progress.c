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
#include "harness.h"
#include "hart.h"
#include "intr.h"
#include "lab_checks.h"
#include "lab_progress.h"
#include "panic.h"
#include "printf.h"
#include "watchdog.h"

/* Per hart, written by that hart only (its own cache line: every call writes it); read by
   the others' ticks. */
struct hart_progress {
    unsigned long since;    /* clock_ticks() at the open call's start, 0: none open */
    unsigned long ticks;    /* 1 ms ticks the hart took inside it */
    unsigned long returned; /* clock_ticks() when its last call returned */
    int in_kfree;           /* the open call is a kfree */
} __attribute__((aligned(CACHE_LINE)));
static struct hart_progress progress[KMEM_MAX_HARTS];

/* A correct kalloc or kfree takes microseconds, and lab mode's schedule hook holds one
   for LAB_PAUSE_MS at most: 2 s of a hart's own time inside one call is no wait. Off with
   the lock watchdog (watchdog_ms=0). */
#define LAB_LIVELOCK_MS 2000
/* A suite in which no kalloc or kfree returned on any hart for this long is stuck outside
   the lab file (in kmem's own code, on what the file handed it: a page given out twice can
   make a list of held pages a cycle): the run stops with what was judged so far. Every
   lab-mode suite calls the allocator many times a second. */
#define LAB_STALL_MS 30000

static struct livelock found; /* what ended the run, for the verdicts */
static int fired;

void lab_progress_enter(int hart_index, int is_kfree)
{
    struct hart_progress *h = &progress[hart_index];
    h->ticks = 0;
    h->in_kfree = is_kfree;
    unsigned long now = clock_ticks();
    __atomic_store_n(&h->since, now ? now : 1, __ATOMIC_RELAXED);
}

void lab_progress_leave(int hart_index)
{
    struct hart_progress *h = &progress[hart_index];
    __atomic_store_n(&h->returned, clock_ticks(), __ATOMIC_RELAXED);
    __atomic_store_n(&h->since, 0UL, __ATOMIC_RELAXED);
}

enum seen_by { BY_TICK, BY_CALL, BY_OTHER, BY_STALL }; /* how the livelock was seen */

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
    found = (struct livelock){
        1, hart_index, pc, by == BY_CALL, ms, progress[hart_index].in_kfree, by == BY_STALL};
    const char *call = found.in_kfree ? "kfree" : "kalloc";
    if (by == BY_STALL)
        printf_unlocked("watchdog: no kalloc or kfree returned on any hart for %lu ms: the run "
                        "is stuck outside the allocator, hart index %d at pc %p\n",
                        ms, hart_index, (void *)pc);
    else if (by == BY_CALL)
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
    struct hart_progress *mine = &progress[me];
    if (__atomic_load_n(&mine->since, __ATOMIC_RELAXED) && ++mine->ticks > bound_ms)
        stop(me, csr_read(sepc), mine->ticks, BY_TICK);
    /* (signed: another hart may have read the clock after this one did) */
    long now = (long)clock_ticks(), wall = (long)(STARVATION_FACTOR * clock_ms_to_ticks(bound_ms));
    long last = 0;
    for (int i = 0; i < hart_count(); i++) {
        const struct hart_progress *h = &progress[i];
        unsigned long since = __atomic_load_n(&h->since, __ATOMIC_RELAXED);
        unsigned long returned = __atomic_load_n(&h->returned, __ATOMIC_RELAXED);
        if (i != me && since && now - (long)since > wall)
            stop(i, 0, (unsigned long)(now - (long)since) / clock_ms_to_ticks(1), BY_OTHER);
        if ((long)returned > last)
            last = (long)returned;
    }
    long stall = (long)clock_ms_to_ticks(LAB_STALL_MS);
    if (last && harness_running() && now - last > stall)
        stop(me, csr_read(sepc), (unsigned long)(now - last) / clock_ms_to_ticks(1), BY_STALL);
}

unsigned long lab_progress_bound_ms(void)
{
    return watchdog_bound_ms() ? LAB_LIVELOCK_MS : 0;
}

void lab_progress_call(void *from)
{
    unsigned long bound_ms = lab_progress_bound_ms();
    int me = this_hart()->index;
    unsigned long since = __atomic_load_n(&progress[me].since, __ATOMIC_RELAXED);
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
