/* Lab mode: the page-size macros and interrupt helpers xv6's riscv.h gives kalloc.c. */
#ifndef KMEM_XV6_RISCV_H
#define KMEM_XV6_RISCV_H

#include "intr.h" /* kmem's intr_on, intr_off, intr_get */

#define PGSIZE  4096
#define PGSHIFT 12

#define PGROUNDUP(sz)  (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))

#endif
