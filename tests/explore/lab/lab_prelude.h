/* Included before a lab file when the explorer builds it (-include), for two things.
   Every variable the file defines goes into sections of its own, which target_lab.c saves
   at start and puts back before each schedule, so that every schedule starts from the
   file's initial state (its lists empty, its counters zero), as a fresh boot does. And the
   compiler's atomics the file may use (xv6's __sync_ builtins, __atomic_ ones, and the
   compat headers' atomic_read4 and lockfree_read4/8, built on them) become scheduling
   points, as kmem's own once.h operations are: the explorer may switch harts right before
   each, with its operands already computed. A builtin's name inside its own macro is the
   builtin (a macro does not expand itself). */
#pragma clang section bss = "lab_bss" data = "lab_data"

#include "explore_point.h"

#define LAB_ATOMIC(op, order, call, p, ...)                                                        \
    ({                                                                                             \
        __typeof__(p) lab_p_ = (p);                                                                \
        explore_atomic(op, (const void *)lab_p_, order);                                           \
        call(lab_p_, __VA_ARGS__);                                                                 \
    })
#define LAB_SYNC(op, call, p, ...) LAB_ATOMIC(op, __ATOMIC_SEQ_CST, call, p, __VA_ARGS__)

#define __sync_fetch_and_add(p, v)     LAB_SYNC(EXPLORE_ADD, __sync_fetch_and_add, p, v)
#define __sync_fetch_and_sub(p, v)     LAB_SYNC(EXPLORE_ADD, __sync_fetch_and_sub, p, v)
#define __sync_add_and_fetch(p, v)     LAB_SYNC(EXPLORE_ADD, __sync_add_and_fetch, p, v)
#define __sync_sub_and_fetch(p, v)     LAB_SYNC(EXPLORE_ADD, __sync_sub_and_fetch, p, v)
#define __sync_lock_test_and_set(p, v) LAB_SYNC(EXPLORE_SWAP, __sync_lock_test_and_set, p, v)
#define __sync_bool_compare_and_swap(p, o, n)                                                      \
    LAB_SYNC(EXPLORE_SWAP, __sync_bool_compare_and_swap, p, o, n)
#define __sync_val_compare_and_swap(p, o, n)                                                       \
    LAB_SYNC(EXPLORE_SWAP, __sync_val_compare_and_swap, p, o, n)
#define __atomic_load_n(p, m)        LAB_ATOMIC(EXPLORE_LOAD, m, __atomic_load_n, p, m)
#define __atomic_store_n(p, v, m)    LAB_ATOMIC(EXPLORE_STORE, m, __atomic_store_n, p, v, m)
#define __atomic_exchange_n(p, v, m) LAB_ATOMIC(EXPLORE_SWAP, m, __atomic_exchange_n, p, v, m)
#define __atomic_fetch_add(p, v, m)  LAB_ATOMIC(EXPLORE_ADD, m, __atomic_fetch_add, p, v, m)
#define __atomic_fetch_sub(p, v, m)  LAB_ATOMIC(EXPLORE_ADD, m, __atomic_fetch_sub, p, v, m)
#define __atomic_add_fetch(p, v, m)  LAB_ATOMIC(EXPLORE_ADD, m, __atomic_add_fetch, p, v, m)
#define __atomic_sub_fetch(p, v, m)  LAB_ATOMIC(EXPLORE_ADD, m, __atomic_sub_fetch, p, v, m)
#define __atomic_compare_exchange_n(p, e, d, w, s, f)                                              \
    LAB_ATOMIC(EXPLORE_SWAP, s, __atomic_compare_exchange_n, p, e, d, w, s, f)
