/* Lab mode: the part of xv6's defs.h a kalloc.c uses, mapped onto kmem. The lab file is
   compiled with kalloc, kfree, kinit, acquire and initlock renamed to xv6_* (see
   cmake/KmemKernel.cmake), so tests/labmode/xv6_adapter.c can count and check around them. */
#ifndef KMEM_XV6_DEFS_H
#define KMEM_XV6_DEFS_H

#include "types.h"
#include "spinlock.h"
#include "push_off.h"
#include "panic.h"
#include "printf.h"
#include "string.h"

#include "proc.h"

// kalloc.c (the file under test)
void *kalloc(void);
void kfree(void *);
void kinit(void);

// the rest of the kernel, as kmem provides it (cpuid and mycpu: proc.h)
void *memmove(void *dst, const void *src, uint n);

// spinlock.c's lock-free reads, as the lab's kernels name them: lockfree_read4/8 in 2021,
// atomic_read4 from 2022 on (for a list length peeked at without its lock).
static inline int atomic_read4(int *addr)
{
    return __atomic_load_n(addr, __ATOMIC_SEQ_CST);
}
static inline int lockfree_read4(int *addr)
{
    return __atomic_load_n(addr, __ATOMIC_RELAXED);
}
static inline uint64 lockfree_read8(uint64 *addr)
{
    return __atomic_load_n(addr, __ATOMIC_RELAXED);
}

#endif
