/* Lab mode: struct spinlock is kmem's own (lib/spinlock.h), which has every field xv6's
   has (locked, name) plus the lab's counters. */
#ifndef KMEM_XV6_SPINLOCK_H
#define KMEM_XV6_SPINLOCK_H

#include_next "spinlock.h"

#endif
