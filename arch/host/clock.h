/* Host build: the clock is CLOCK_MONOTONIC in microseconds. */
#ifndef KMEM_CLOCK_H
#define KMEM_CLOCK_H

#include <time.h>

static inline unsigned long clock_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long)ts.tv_sec * 1000000UL + (unsigned long)ts.tv_nsec / 1000UL;
}

static inline unsigned long clock_ms_to_ticks(unsigned long ms)
{
    return ms * 1000UL;
}

#endif
