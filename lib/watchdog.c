/* The watchdog's report follows the chain "hart waits for lock, lock is held by hart,
   that hart waits for lock, ..." until it ends or comes back to a hart already named: a
   cycle is a deadlock. Only the first hart to fire reports; the run ends with EXIT_STUCK. */
#include "watchdog.h"
#include "clock.h"
#include "console.h"
#include "exit.h"
#include "hart.h"
#include "intr.h"
#include "lockstat.h"
#include "panic.h"
#include "printf.h"
#include "spinlock.h"

static unsigned long bound_ms = WATCHDOG_DEFAULT_MS;
static int fired;
static int last_was_cycle;

int watchdog_found_cycle(void)
{
    return last_was_cycle;
}

void watchdog_set_bound_ms(unsigned long ms)
{
    bound_ms = ms;
}

unsigned long watchdog_bound_ms(void)
{
    return bound_ms;
}

/* A name printed safely (lockstat_printable_name); one buffer per use in a line. */
#define NAME_ROOM 40
static const char *name_of(const struct spinlock *lk, char *buf)
{
    if (lk && !lk->name)
        snprintf(buf, NAME_ROOM, "(a lock without a name at %p)", (const void *)lk);
    else
        lockstat_printable_name(lk ? lk->name : 0, buf, NAME_ROOM);
    return buf;
}

/* The chain from lk: each lock's holder and the lock that holder waits for, until the chain
   ends or meets a hart already on it. Returns the number of harts on a cycle (0: none);
   *first is the position on the chain (the waiting hart is 0) where the cycle starts, so
   the harts before it wait on the cycle without being part of it. The fields are read
   racily; a cycle of harts that each wait for the next cannot change by itself. */
static int find_cycle(struct spinlock *lk, struct hart **chain, int *nchain, int *first)
{
    int n = 0;
    chain[n++] = this_hart();
    for (struct spinlock *want = lk; want && n < KMEM_MAX_HARTS;) {
        struct hart *holder = __atomic_load_n(&want->holder, __ATOMIC_RELAXED);
        if (!holder)
            break;
        for (int i = 0; i < n; i++) {
            if (chain[i] == holder) {
                *nchain = n;
                *first = i;
                return n - i;
            }
        }
        chain[n++] = holder;
        want = __atomic_load_n(&holder->waiting_for, __ATOMIC_RELAXED);
    }
    *nchain = n;
    *first = n;
    return 0;
}

static void report(struct spinlock *lk, unsigned long waited_ms) __attribute__((noreturn));
static void report(struct spinlock *lk, unsigned long waited_ms)
{
    if (__atomic_exchange_n(&fired, 1, __ATOMIC_ACQ_REL)) {
        for (;;)
            cpu_relax(); /* another hart is reporting */
    }
    console_begin_panic();
    char a[NAME_ROOM], b[NAME_ROOM];
    struct hart *me = this_hart();
    printf_unlocked("watchdog: hart id %lu (index %d) has waited %lu ms for lock %s\n", me->id,
                    me->index, waited_ms, name_of(lk, a));

    struct hart *chain[KMEM_MAX_HARTS];
    int nchain, first;
    int cycle = find_cycle(lk, chain, &nchain, &first);
    struct spinlock *want = lk;
    for (int i = 1; i <= nchain && want; i++) {
        struct hart *holder = i < nchain ? chain[i] : chain[first];
        if (i == nchain && !cycle) {
            printf_unlocked("watchdog:   %s has no recorded holder\n", name_of(want, a));
            break;
        }
        struct spinlock *next = __atomic_load_n(&holder->waiting_for, __ATOMIC_RELAXED);
        if (i == nchain) {
            printf_unlocked("watchdog:   %s is held by hart id %lu (index %d): deadlock, a cycle "
                            "of %d harts\n",
                            name_of(want, a), holder->id, holder->index, cycle);
            if (first > 0)
                printf_unlocked("watchdog:   and %d more hart%s waiting on the cycle, not part "
                                "of it\n",
                                first, first == 1 ? "" : "s");
            break;
        }
        if (!next) {
            printf_unlocked("watchdog:   %s is held by hart id %lu (index %d), which is not "
                            "waiting for a lock: no cycle, so this is starvation (the holder "
                            "is slow or stuck inside its critical section), not a deadlock\n",
                            name_of(want, a), holder->id, holder->index);
            break;
        }
        printf_unlocked("watchdog:   %s is held by hart id %lu (index %d), which waits for %s\n",
                        name_of(want, a), holder->id, holder->index, name_of(next, b));
        want = next;
    }
    last_was_cycle = cycle != 0;
    panic_last_words(EXIT_STUCK);
    machine_exit(EXIT_STUCK);
}

unsigned long watchdog_spinning(struct spinlock *lk, unsigned long since)
{
    unsigned long now = clock_ticks();
    if (since == 0) {
        __atomic_store_n(&this_hart()->waiting_for, lk, __ATOMIC_RELAXED);
        return now ? now : 1;
    }
    if (bound_ms && now - since > clock_ms_to_ticks(bound_ms)) {
        /* A cycle ends the run at the bound. A wait without one may be a holder that the
           host does not run (8 vCPUs on fewer cores) or one that is merely slow: it ends
           the run only at STARVATION_FACTOR times the bound, as starvation. */
        struct hart *chain[KMEM_MAX_HARTS];
        int nchain, first;
        if (find_cycle(lk, chain, &nchain, &first) ||
            now - since > STARVATION_FACTOR * clock_ms_to_ticks(bound_ms))
            report(lk, (now - since) / clock_ms_to_ticks(1));
    }
    return since;
}

void watchdog_done(void)
{
    __atomic_store_n(&this_hart()->waiting_for, (struct spinlock *)0, __ATOMIC_RELAXED);
}
