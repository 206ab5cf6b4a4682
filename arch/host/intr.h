/* Host build: interrupts are a per-thread flag (intr_flag.h), and a spinning thread gives
   its core away, as more threads than cores are normal here. */
#ifndef KMEM_INTR_H
#define KMEM_INTR_H

#include <sched.h>

#include "intr_flag.h"

/* A spinner gives its core to the lock holder. */
static inline void cpu_relax(void)
{
    sched_yield();
}

/* As in arch/riscv/include/intr.h: the pause of a spin while word x holds v. */
#define cpu_relax_while(x, v) ((void)&(x), (void)(v), cpu_relax())

#endif
