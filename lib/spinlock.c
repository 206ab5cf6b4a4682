/* Test-and-set spinlocks on the A extension, counting contention the way the xv6 lock lab
   does, so kalloctest's figures mean the same thing here. */
#include "spinlock.h"
#include "hart.h"
#include "intr.h"
#include "lockstat.h"
#include "panic.h"
#include "push_off.h"
#include "watchdog.h"

void initlock(struct spinlock *lk, const char *name)
{
    lk->name = name;
    lk->locked = 0;
    lk->holder = 0;
    lk->nts = 0;
    lk->n = 0;
    lockstat_register(lk);
}

/* The contended path, out of line so that an uncontended acquire stays short. Each swap
   that finds the lock already held is one "#test-and-set", as in the lab; a long spin is
   timed by the watchdog. */
static void __attribute__((noinline)) spin_until_taken(struct spinlock *lk)
{
    unsigned long spins = 0, since = 0;
    do {
        __atomic_fetch_add(&lk->nts, 1, __ATOMIC_RELAXED);
        if ((++spins & WATCHDOG_SPINS) == 0)
            since = watchdog_spinning(lk, since);
        cpu_relax();
    } while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0);
    if (since)
        watchdog_done();
}

/* Interrupts stay off from here to the matching release (see push_off.c). */
void acquire(struct spinlock *lk)
{
    push_off();
    if (holding(lk))
        panic("acquire: %s is already held by this hart", lk->name ? lk->name : "?");

    __atomic_fetch_add(&lk->n, 1, __ATOMIC_RELAXED);
    /* The swap becomes amoswap.w.aq: no load or store of the critical section can be
       performed before the lock is seen taken. */
    if (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0)
        spin_until_taken(lk);

    __atomic_store_n(&lk->holder, this_hart(), __ATOMIC_RELAXED);
}

void release(struct spinlock *lk)
{
    if (!holding(lk))
        panic("release: %s is not held by this hart", lk->name ? lk->name : "?");

    __atomic_store_n(&lk->holder, (struct hart *)0, __ATOMIC_RELAXED);
    /* A store-release: every access of the critical section is visible before another hart
       can see the lock free; a plain assignment could be reordered before them. GCC 12
       emits it as `fence iorw,ow; amoswap.w zero,zero` (and the relaxed holder store above
       as an amoswap.d too), where a plain `sw` after the fence would do. */
    __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
    pop_off();
}

/* Only meaningful with interrupts off: the answer is about this hart. */
int holding(struct spinlock *lk)
{
    return __atomic_load_n(&lk->locked, __ATOMIC_RELAXED) &&
           __atomic_load_n(&lk->holder, __ATOMIC_RELAXED) == this_hart();
}
