/* Spinlocks with the lock lab's contention counters, and the lab-format statistics report. */
#ifndef KMEM_SPINLOCK_H
#define KMEM_SPINLOCK_H

#include "hart.h"
#include "noreturn_call.h"
#include "once.h"
#include "push_off.h"
#include "trace.h"

/* The fields an uncontended acquire and release touch come first, in one cache line with
   whatever the lock guards when it is embedded (mm/freelist.h). */
struct spinlock {
    unsigned long locked; /* 0 free, 1 held; changed only by atomic swap and store-release
                             (a doubleword: amoswap.d needs no sign extension after it) */
    unsigned int n;       /* acquires ("#acquire()"); written by the holder only */
    unsigned int nts;     /* swaps that found it held ("#test-and-set"); atomic adds */
    struct hart *holder;  /* hart holding it, for holding() and panics; 0 while free */
    const char *name;     /* static storage: the statistics report prints it at any time */
};

/* name must outlive the lock (a string literal or a static array): the lock registers
   itself in the statistics table. */
void initlock(struct spinlock *lk, const char *name);
void acquire(struct spinlock *lk); /* push_off, then __acquire */
void release(struct spinlock *lk); /* __release, then pop_off */
int holding(struct spinlock *lk);

/* The contended path and the misuse reports, out of line so that an uncontended
   __acquire/__release costs no call and no register saves. */
void spin_until_taken(struct spinlock *lk);
void __attribute__((noreturn, cold)) release_not_held(struct spinlock *lk);

/* acquire and release for a caller that has already turned interrupts off with push_off
   (kalloc and kfree, which need them off anyway to read their hart's identity): one
   push_off level per operation instead of two. Inline: a handful of instructions each. */

/* The lock word's swap and release store. An arch may map them otherwise: the schedule
   explorer's weakens one of them in a mutant build (arch/explore/once.h), to show what
   rests on it. */
#ifndef lock_swap
#define lock_swap(x, v) swap_acquire(x, v)
#endif
#ifndef lock_release_store
#define lock_release_store(x, v) store_release(x, v)
#endif

/* __acquire's first half: counts the call and swaps once. 1: the lock is held. 0: it was
   taken, and the caller must call spin_until_taken(lk) next, which finishes the acquire
   with the counters as __acquire's. For a fast path that keeps its contended half out of
   line, so that the call costs the fast path no register saves (kalloc, kfree). */
static inline int __acquire_fast(struct spinlock *lk)
{
    /* The swap becomes amoswap.d.aq: no load or store of the critical section can be
       performed before the lock is seen taken. */
    if (lock_swap(lk->locked, 1UL) != 0)
        return 0;
    /* Only the holder writes holder and n; others (holding, the watchdog, the statistics)
       only read them. n counts the call once it has the lock, which is the count the lab
       takes before its swap, as every call ends up holding the lock. */
    store_owned(lk->holder, this_hart());
    store_owned(lk->n, lk->n + 1);
    TRACE(TRACE_HOLD, trace_lock_id(lk), 0);
    return 1;
}

static inline void __acquire(struct spinlock *lk)
{
    if (!__acquire_fast(lk))
        spin_until_taken(lk);
}

/* __release, telling a timeline (trace.h) what the lock guarded then: `value` is the
   length of the list it guards, or TRACE_NO_VALUE. */
static inline void __release_noting(struct spinlock *lk, unsigned long value)
{
    (void)value; /* compiled out with the hooks */
    TRACE(TRACE_UNHOLD, trace_lock_id(lk), value);
    /* holder is this hart only while this hart holds the lock: it sets holder after the
       swap and clears it before the release, and no other hart writes this hart there. */
    if (load_owned(lk->holder) != this_hart())
        noreturn_call(release_not_held, lk);
    store_owned(lk->holder, (struct hart *)0);
    /* A store-release: every access of the critical section is visible before another
       hart can see the lock free (`fence rw,w; sw zero`). */
    lock_release_store(lk->locked, 0);
}

static inline void __release(struct spinlock *lk)
{
    __release_noting(lk, TRACE_NO_VALUE);
}

/* One swap, no spinning: 1 and the lock held, or 0 if another hart holds it. For a caller
   with other places to go (a thief choosing among victims). A success counts in
   #acquire() and a failure in #test-and-set, so tot sees every swap that found the lock
   taken, waited on or not; a failure is no acquire, and n is the holder's to write. */
static inline int __try_acquire(struct spinlock *lk)
{
    if (lock_swap(lk->locked, 1UL) != 0) {
        add_relaxed(lk->nts, 1); /* shared by all who fail */
        return 0;
    }
    store_owned(lk->holder, this_hart());
    store_owned(lk->n, lk->n + 1);
    TRACE(TRACE_HOLD, trace_lock_id(lk), 0);
    return 1;
}

#endif
