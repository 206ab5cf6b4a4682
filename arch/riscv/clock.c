/* Clock frequency from the device tree (QEMU virt: 10 MHz). */
#include "clock.h"

static unsigned long hz = 10000000; /* QEMU virt's value until the tree is read */

void clock_init(unsigned long timebase_hz)
{
    if (timebase_hz)
        hz = timebase_hz;
}

unsigned long clock_hz(void)
{
    return hz;
}

unsigned long clock_ms_to_ticks(unsigned long ms)
{
    return ms * (hz / 1000);
}
