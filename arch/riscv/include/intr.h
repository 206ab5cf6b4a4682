/* Turning this hart's supervisor interrupts on and off (the arch side of push_off). */
#ifndef KMEM_INTR_H
#define KMEM_INTR_H

#include "csr.h"

static inline void intr_on(void)
{
    csr_set(sstatus, SSTATUS_SIE);
}

static inline void intr_off(void)
{
    csr_clear(sstatus, SSTATUS_SIE);
}

/* Turns interrupts off; nonzero if they were on (one csrrc and a mask). */
static inline int intr_off_was_on(void)
{
    return (int)(csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE);
}

static inline int intr_get(void)
{
    return (csr_read(sstatus) & SSTATUS_SIE) != 0;
}

/* Spin-wait hint; a plain nop keeps us on the base ISA (Zihintpause is not assumed). */
static inline void cpu_relax(void)
{
    __asm__ volatile("nop");
}

/* The pause of a loop that spins while word x holds v (a lock's spin). A plain pause here;
   an arch that can wait on a word (Zawrs's wrs.nto, arm64's wfe) or that runs the harts
   itself (arch/explore: the hart sleeps until x changes) makes use of x and v. */
#define cpu_relax_while(x, v) ((void)&(x), (void)(v), cpu_relax())

#endif
