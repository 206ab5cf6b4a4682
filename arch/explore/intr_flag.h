/* The explorer's interrupt-enable bit: the host's per-hart flag (the explorer switches it
   with the hart), and the moment it comes on is a point where a pending interrupt is
   taken, as on real hardware (explore_intr_on: in scenarios with interrupts, the explorer
   chooses whether one is). */
#ifndef KMEM_INTR_FLAG_H
#define KMEM_INTR_FLAG_H

#include "explore_point.h"

extern __thread int host_interrupts_on;

static inline void intr_on(void)
{
    int was_on = host_interrupts_on;
    host_interrupts_on = 1;
    if (!was_on)
        explore_intr_on();
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
