/* The platform timer as a clock: ticks since reset and their frequency. */
#ifndef KMEM_CLOCK_H
#define KMEM_CLOCK_H

#include "csr.h"

void clock_init(unsigned long timebase_hz);
unsigned long clock_hz(void);

static inline unsigned long clock_ticks(void)
{
    return rdtime();
}

/* Ticks in `ms` milliseconds. */
unsigned long clock_ms_to_ticks(unsigned long ms);

#endif
