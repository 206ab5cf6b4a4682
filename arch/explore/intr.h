/* The explorer's interrupt state: bookkeeping per hart, as on the host (no interrupt is
   ever delivered), and the pauses of spin loops handed to the explorer. */
#ifndef KMEM_INTR_H
#define KMEM_INTR_H

#include "explore_point.h"

extern __thread int host_interrupts_on;

static inline void intr_on(void)
{
    host_interrupts_on = 1;
}

static inline void intr_off(void)
{
    host_interrupts_on = 0;
}

static inline int intr_off_was_on(void)
{
    int was_on = host_interrupts_on;
    host_interrupts_on = 0;
    return was_on;
}

static inline int intr_get(void)
{
    return host_interrupts_on;
}

static inline void cpu_relax(void)
{
    explore_yield();
}

#define cpu_relax_while(x, v) explore_wait(&(x), sizeof(x), (unsigned long)(v))

#endif
