/* Lab mode: the part of xv6's defs.h a kalloc.c uses, mapped onto kmem. The lab file is
   compiled with kalloc, kfree, kinit, acquire and initlock renamed to xv6_* (see
   cmake/KmemKernel.cmake), so tests/xv6/xv6_adapter.c can count and check around them. */
#ifndef KMEM_XV6_DEFS_H
#define KMEM_XV6_DEFS_H

#include "types.h"
#include "spinlock.h"
#include "push_off.h"
#include "panic.h"
#include "printf.h"
#include "string.h"

struct cpu; /* opaque here: lab allocators only need cpuid() */

// kalloc.c (the file under test)
void *kalloc(void);
void kfree(void *);
void kinit(void);

// the rest of the kernel, as kmem provides it
int cpuid(void);
struct cpu *mycpu(void);
void *memmove(void *dst, const void *src, uint n);

#endif
