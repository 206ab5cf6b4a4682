/* Loads and stores of one aligned word that other harts read or write at the same time,
   compiled to single plain instructions (RVWMO makes an aligned ld/sd single-copy atomic).
   GCC 12 turns a relaxed __atomic_store_n into an amoswap and a release store into
   `fence iorw,ow; amoswap`, which is why a lock and its counters use these instead. */
#ifndef KMEM_ONCE_H
#define KMEM_ONCE_H

/* One load or store the compiler may neither tear, merge, repeat nor drop. */
#define load_once(x)     (*(const volatile __typeof__(x) *)&(x))
#define store_once(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/* A word only the holder of a lock writes (the lock's holder and #acquire), which other
   harts read only for reports (holding(), the watchdog, the statistics): load_once and
   store_once here; the schedule explorer does not make them points, since no other hart's
   path depends on them. */
#define load_owned(x)     load_once(x)
#define store_owned(x, v) store_once(x, v)

/* Every earlier load and store is visible to other harts before this store is: a lock's
   release (`fence rw,w; sw`). */
#define store_release(x, v)                                                                        \
    do {                                                                                           \
        __asm__ volatile("fence rw,w" ::: "memory");                                               \
        store_once(x, v);                                                                          \
    } while (0)

/* No later load or store is performed before this load (`ld; fence r,rw`). */
#define load_acquire(x)                                                                            \
    ({                                                                                             \
        __typeof__(x) __v = load_once(x);                                                          \
        __asm__ volatile("fence r,rw" ::: "memory");                                               \
        __v;                                                                                       \
    })

/* Read-modify-writes of one word, each a single AMO. The lock's test-and-set and the steal
   path's counters use these names rather than the builtins, so that an arch can watch each
   one (arch/explore, the schedule explorer's, makes every one a scheduling point). */
#define swap_acquire(x, v) __atomic_exchange_n(&(x), (v), __ATOMIC_ACQUIRE) /* amoswap.aq */
#define add_relaxed(x, v)  __atomic_fetch_add(&(x), (v), __ATOMIC_RELAXED)  /* amoadd */
#define add_release(x, v)  __atomic_fetch_add(&(x), (v), __ATOMIC_RELEASE)  /* amoadd.rl */
#define add_acq_rel(x, v)  __atomic_fetch_add(&(x), (v), __ATOMIC_ACQ_REL)  /* amoadd.aqrl */

#endif
