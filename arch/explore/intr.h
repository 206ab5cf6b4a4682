/* The explorer's interrupts: a per-hart flag, as on the host (intr_flag.h; no interrupt is
   ever delivered), and the pauses of spin loops handed to the explorer. */
#ifndef KMEM_INTR_H
#define KMEM_INTR_H

#include "explore_point.h"
#include "intr_flag.h"

static inline void cpu_relax(void)
{
    explore_yield();
}

#define cpu_relax_while(x, v) explore_wait(&(x), sizeof(x), (unsigned long)(v))

#endif
