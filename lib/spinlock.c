/* Test-and-set spinlocks on the A extension, counting contention the way the xv6 lock lab
   does, so kalloctest's figures mean the same thing here. The uncontended halves are
   inline in spinlock.h; this file has what is out of line. */
#include "spinlock.h"
#include "lockstat.h"
#include "panic.h"
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

static const char *name_of(struct spinlock *lk)
{
    return lk->name ? lk->name : "?";
}

/* __acquire_fast's swap found the lock taken. Each swap that finds it taken is one
   "#test-and-set", as in the lab; a long spin is timed by the watchdog. A hart spinning on
   a lock it holds itself would wait for ever: that is checked here, off the fast path, as
   the first swap of a recursive acquire always fails. */
void spin_until_taken(struct spinlock *lk)
{
    if (load_owned(lk->holder) == this_hart())
        panic("acquire: %s is already held by this hart", name_of(lk));
    unsigned long spins = 0, since = 0;
    TRACE(TRACE_WAIT, trace_lock_id(lk), 0);
    do {
        add_relaxed(lk->nts, 1);
        if ((++spins & WATCHDOG_SPINS) == 0)
            since = watchdog_spinning(lk, since);
        cpu_relax_while(lk->locked, 1UL);
    } while (lock_swap(lk->locked, 1UL) != 0);
    if (since)
        watchdog_done();
    store_owned(lk->holder, this_hart());
    store_owned(lk->n, lk->n + 1);
    TRACE(TRACE_WAITED, trace_lock_id(lk), spins);
    TRACE(TRACE_HOLD, trace_lock_id(lk), 0);
}

void release_not_held(struct spinlock *lk)
{
    panic("release: %s is not held by this hart (at %p)", name_of(lk), __builtin_return_address(0));
}

/* Interrupts stay off from here to the matching release (see push_off.h). */
void acquire(struct spinlock *lk)
{
    push_off();
    __acquire(lk);
}

void release(struct spinlock *lk)
{
    __release(lk);
    pop_off();
}

/* Only meaningful with interrupts off: the answer is about this hart. */
int holding(struct spinlock *lk)
{
    return load_once(lk->locked) && load_owned(lk->holder) == this_hart();
}
