/* Host build: there are no interrupts, so the interrupt-enable bit is bookkeeping per
   thread. push_off/pop_off and the spinlocks' checks of it work unchanged. */
#ifndef KMEM_INTR_H
#define KMEM_INTR_H

#include <sched.h>

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

/* More threads than cores are normal here: a spinner gives its core to the lock holder. */
static inline void cpu_relax(void)
{
    sched_yield();
}

/* As in arch/riscv/include/intr.h: the pause of a spin while word x holds v. */
#define cpu_relax_while(x, v) ((void)&(x), (void)(v), cpu_relax())

#endif
