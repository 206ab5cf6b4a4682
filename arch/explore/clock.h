/* The explorer's clock: steps of the schedule, one per scheduling point, so that whatever
   the allocator times (the steal path's starvation report) depends on the schedule alone. */
#ifndef KMEM_CLOCK_H
#define KMEM_CLOCK_H

#include "explore_point.h"

static inline unsigned long clock_ticks(void)
{
    return explore_steps();
}

static inline unsigned long clock_ms_to_ticks(unsigned long ms)
{
    return ms * 1000UL;
}

#endif
