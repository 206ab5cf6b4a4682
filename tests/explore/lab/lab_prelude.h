/* Included before a lab file when the explorer builds it (-include), for two things.
   Every variable the file defines goes into sections of its own, which target_lab.c saves
   at start and puts back before each schedule, so that every schedule starts from the
   file's initial state (its lists empty, its counters zero), as a fresh boot does. And the
   compiler's atomics the file may use (xv6's __sync_ builtins, __atomic_ ones, and the
   compat headers' atomic_read4 and lockfree_read4/8, built on them) become scheduling
   points, as kmem's own once.h operations are: the explorer may switch harts right before
   each, with its operands already computed; and the memory model sees each with its C11
   order (__sync_ builtins are seq_cst, __sync_lock_test_and_set an acquire and
   __sync_lock_release a release, as GCC documents them; __sync_synchronize a seq_cst
   fence), so a load may read an older store. A builtin's name inside its own macro is the
   builtin (a macro does not expand itself). */
#pragma clang section bss = "lab_bss" data = "lab_data"

/* The file's name and content hash (the build's -DLAB_FILE, -DLAB_HASH), read by
   target_lab.c: the file's own data, so that every other object of the explorer is the same
   for every file. Read-only data: not in the sections saved above. */
#if defined(LAB_FILE) && defined(LAB_HASH)
const char lab_file_name[] = LAB_FILE;
const char lab_file_hash[] = LAB_HASH;
#endif

#include "explore_point.h"

#define LAB_ATOMIC(op, order, call, p, ...)                                                        \
    ({                                                                                             \
        __typeof__(p) lab_p_ = (p);                                                                \
        explore_atomic(op, (const void *)lab_p_, sizeof(*lab_p_), order);                          \
        call(lab_p_, __VA_ARGS__);                                                                 \
    })
#define LAB_SYNC(op, call, p, ...) LAB_ATOMIC(op, __ATOMIC_SEQ_CST, call, p, __VA_ARGS__)
/* A load's value is the explorer's (it may be an older store's, store_history.c). */
#define LAB_LOAD(p, m)                                                                             \
    ({                                                                                             \
        __typeof__(p) lab_p_ = (p);                                                                \
        (__typeof__(*lab_p_))explore_load_atomic(EXPLORE_LOAD, (const void *)lab_p_,               \
                                                 sizeof(*lab_p_), m);                              \
    })
/* A compare-and-swap stores only if it succeeds: the explorer compares after its point. */
#define LAB_CAS(call, p, expected, s, f, ...)                                                      \
    ({                                                                                             \
        __typeof__(p) lab_p_ = (p);                                                                \
        explore_cas((const void *)lab_p_, sizeof(*lab_p_), (unsigned long)(expected), s, f);       \
        call(lab_p_, __VA_ARGS__);                                                                 \
    })

#define __sync_fetch_and_add(p, v) LAB_SYNC(EXPLORE_ADD, __sync_fetch_and_add, p, v)
#define __sync_fetch_and_sub(p, v) LAB_SYNC(EXPLORE_ADD, __sync_fetch_and_sub, p, v)
#define __sync_add_and_fetch(p, v) LAB_SYNC(EXPLORE_ADD, __sync_add_and_fetch, p, v)
#define __sync_sub_and_fetch(p, v) LAB_SYNC(EXPLORE_ADD, __sync_sub_and_fetch, p, v)
#define __sync_lock_test_and_set(p, v)                                                             \
    LAB_ATOMIC(EXPLORE_SWAP, __ATOMIC_ACQUIRE, __sync_lock_test_and_set, p, v)
#define __sync_lock_release(p)                                                                     \
    LAB_ATOMIC(EXPLORE_STORE_RELEASE, __ATOMIC_RELEASE, __atomic_store_n, p, 0, __ATOMIC_RELEASE)
#define __sync_bool_compare_and_swap(p, o, n)                                                      \
    LAB_CAS(__sync_bool_compare_and_swap, p, o, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST, o, n)
#define __sync_val_compare_and_swap(p, o, n)                                                       \
    LAB_CAS(__sync_val_compare_and_swap, p, o, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST, o, n)
#define __sync_synchronize()                                                                       \
    ({                                                                                             \
        explore_fence(__ATOMIC_SEQ_CST);                                                           \
        __sync_synchronize();                                                                      \
    })
#define __atomic_thread_fence(m)                                                                   \
    ({                                                                                             \
        explore_fence(m);                                                                          \
        __atomic_thread_fence(m);                                                                  \
    })
#define __atomic_load_n(p, m)        LAB_LOAD(p, m)
#define __atomic_store_n(p, v, m)    LAB_ATOMIC(EXPLORE_STORE, m, __atomic_store_n, p, v, m)
#define __atomic_exchange_n(p, v, m) LAB_ATOMIC(EXPLORE_SWAP, m, __atomic_exchange_n, p, v, m)
#define __atomic_fetch_add(p, v, m)  LAB_ATOMIC(EXPLORE_ADD, m, __atomic_fetch_add, p, v, m)
#define __atomic_fetch_sub(p, v, m)  LAB_ATOMIC(EXPLORE_ADD, m, __atomic_fetch_sub, p, v, m)
#define __atomic_add_fetch(p, v, m)  LAB_ATOMIC(EXPLORE_ADD, m, __atomic_add_fetch, p, v, m)
#define __atomic_sub_fetch(p, v, m)  LAB_ATOMIC(EXPLORE_ADD, m, __atomic_sub_fetch, p, v, m)
#define __atomic_compare_exchange_n(p, e, d, w, s, f)                                              \
    LAB_CAS(__atomic_compare_exchange_n, p, *(e), s, f, e, d, w, s, f)
