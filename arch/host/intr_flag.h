/* Host builds (arch/host, arch/explore): there are no interrupts, so the interrupt-enable
   bit is bookkeeping per thread (per hart, in the explorer, which switches it with the
   hart). push_off/pop_off and the spinlocks' checks of it work unchanged. */
#ifndef KMEM_INTR_FLAG_H
#define KMEM_INTR_FLAG_H

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

#endif
