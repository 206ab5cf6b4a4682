/* The watchdog's report follows the chain "hart waits for lock, lock is held by hart,
   that hart waits for lock, ..." until it ends or comes back to a hart already named: a
   cycle is a deadlock. Only the first hart to fire reports; the run ends with EXIT_STUCK. */
#include "watchdog.h"
#include "clock.h"
#include "console.h"
#include "exit.h"
#include "hart.h"
#include "intr.h"
#include "printf.h"
#include "spinlock.h"

static unsigned long bound_ms = WATCHDOG_DEFAULT_MS;
static int fired;

void watchdog_set_bound_ms(unsigned long ms)
{
    bound_ms = ms;
}

unsigned long watchdog_bound_ms(void)
{
    return bound_ms;
}

static const char *name_of(const struct spinlock *lk)
{
    return lk && lk->name ? lk->name : "?";
}

static void report(struct spinlock *lk, unsigned long waited_ms) __attribute__((noreturn));
static void report(struct spinlock *lk, unsigned long waited_ms)
{
    if (__atomic_exchange_n(&fired, 1, __ATOMIC_ACQ_REL)) {
        for (;;)
            cpu_relax(); /* another hart is reporting */
    }
    console_begin_panic();
    struct hart *me = this_hart();
    printf_unlocked("watchdog: hart id %lu (index %d) has waited %lu ms for lock %s\n", me->id,
                    me->index, waited_ms, name_of(lk));

    struct hart *seen[KMEM_MAX_HARTS];
    int nseen = 0;
    seen[nseen++] = me;
    for (struct spinlock *want = lk; want && nseen < KMEM_MAX_HARTS;) {
        struct hart *holder = __atomic_load_n(&want->holder, __ATOMIC_RELAXED);
        if (!holder) {
            printf_unlocked("watchdog:   %s has no recorded holder\n", name_of(want));
            break;
        }
        int cycle = 0;
        for (int i = 0; i < nseen; i++)
            cycle |= seen[i] == holder;
        struct spinlock *next = __atomic_load_n(&holder->waiting_for, __ATOMIC_RELAXED);
        if (cycle) {
            printf_unlocked(
                "watchdog:   %s is held by hart id %lu (index %d): deadlock, a cycle of "
                "%d harts\n",
                name_of(want), holder->id, holder->index, nseen);
            break;
        }
        if (!next) {
            printf_unlocked(
                "watchdog:   %s is held by hart id %lu (index %d), which is not waiting "
                "for a lock (stuck or slow while holding it)\n",
                name_of(want), holder->id, holder->index);
            break;
        }
        printf_unlocked("watchdog:   %s is held by hart id %lu (index %d), which waits for %s\n",
                        name_of(want), holder->id, holder->index, name_of(next));
        seen[nseen++] = holder;
        want = next;
    }
    machine_exit(EXIT_STUCK);
}

unsigned long watchdog_spinning(struct spinlock *lk, unsigned long since)
{
    unsigned long now = clock_ticks();
    if (since == 0) {
        __atomic_store_n(&this_hart()->waiting_for, lk, __ATOMIC_RELAXED);
        return now ? now : 1;
    }
    if (bound_ms && now - since > clock_ms_to_ticks(bound_ms))
        report(lk, (now - since) / clock_ms_to_ticks(1));
    return since;
}

void watchdog_done(void)
{
    __atomic_store_n(&this_hart()->waiting_for, (struct spinlock *)0, __ATOMIC_RELAXED);
}
