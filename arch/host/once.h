/* Host build: the same single-word accesses as arch/riscv/include/once.h, as C11 atomics,
   so that the thread sanitizer knows them for what they are. On x86-64 and arm64 these
   compile to plain loads and stores (plus the barrier a release or acquire needs). */
#ifndef KMEM_ONCE_H
#define KMEM_ONCE_H

#define load_once(x)        __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define store_once(x, v)    __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define load_owned(x)       load_once(x) /* a word only a lock's holder writes */
#define store_owned(x, v)   store_once(x, v)
#define store_release(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define load_acquire(x)     __atomic_load_n(&(x), __ATOMIC_ACQUIRE)

/* Read-modify-writes, as in arch/riscv/include/once.h. */
#define swap_acquire(x, v) __atomic_exchange_n(&(x), (v), __ATOMIC_ACQUIRE)
#define add_relaxed(x, v)  __atomic_fetch_add(&(x), (v), __ATOMIC_RELAXED)
#define add_release(x, v)  __atomic_fetch_add(&(x), (v), __ATOMIC_RELEASE)
#define add_acq_rel(x, v)  __atomic_fetch_add(&(x), (v), __ATOMIC_ACQ_REL)

#endif
