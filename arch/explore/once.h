/* The explorer's single-word accesses: those of arch/host/once.h, each one a scheduling
   point first (explore_point.h). A store's value is computed before its point, as a real
   store's is by the instructions before it: a preemption between the two is a lost update
   the explorer can show (kfree without its lock, racing a thief's hand-back). A load's
   value is the explorer's to give: under the memory model it may be an older store's. */
#ifndef KMEM_ONCE_H
#define KMEM_ONCE_H

#include "explore_point.h"

#define explore_load(op, x, order) ((__typeof__(x))explore_load_atomic(op, &(x), sizeof(x), order))
#define explore_store(op, x, v, order)                                                             \
    do {                                                                                           \
        __typeof__(x) explore_v_ = (v);                                                            \
        explore_atomic(op, &(x), sizeof(x), order);                                                \
        __atomic_store_n(&(x), explore_v_, order);                                                 \
    } while (0)
#define explore_rmw(op, call, x, v, order)                                                         \
    ({                                                                                             \
        explore_atomic(op, &(x), sizeof(x), order);                                                \
        call(&(x), (v), order);                                                                    \
    })

#define load_once(x)        explore_load(EXPLORE_LOAD, x, __ATOMIC_RELAXED)
#define store_once(x, v)    explore_store(EXPLORE_STORE, x, v, __ATOMIC_RELAXED)
#define store_release(x, v) explore_store(EXPLORE_STORE_RELEASE, x, v, __ATOMIC_RELEASE)
#define load_acquire(x)     explore_load(EXPLORE_LOAD_ACQUIRE, x, __ATOMIC_ACQUIRE)

/* A word only a lock's holder writes, read elsewhere only for reports: no point, since no
   other hart's path depends on it (arch/riscv/include/once.h). */
#define load_owned(x)     __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define store_owned(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#define swap_acquire(x, v) explore_rmw(EXPLORE_SWAP, __atomic_exchange_n, x, v, __ATOMIC_ACQUIRE)
#define add_relaxed(x, v)  explore_rmw(EXPLORE_ADD, __atomic_fetch_add, x, v, __ATOMIC_RELAXED)
#define add_release(x, v)  explore_rmw(EXPLORE_ADD, __atomic_fetch_add, x, v, __ATOMIC_RELEASE)
#define add_acq_rel(x, v)  explore_rmw(EXPLORE_ADD, __atomic_fetch_add, x, v, __ATOMIC_ACQ_REL)

/* lib/spinlock.h's lock word: an acquire swap and a release store, each weakened to
   relaxed in the build of the mutant that tests what rests on it (mm/kmem_mutants.def). */
#include "kmem_mutant.h"
#define lock_swap(x, v)                                                                            \
    explore_rmw(EXPLORE_SWAP, __atomic_exchange_n, x, v,                                           \
                MUTANT(lock_swap_relaxed) ? __ATOMIC_RELAXED : __ATOMIC_ACQUIRE)
#define lock_release_store(x, v)                                                                   \
    explore_store(EXPLORE_STORE_RELEASE, x, v,                                                     \
                  MUTANT(lock_release_relaxed) ? __ATOMIC_RELAXED : __ATOMIC_RELEASE)

#endif
