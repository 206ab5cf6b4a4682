/* "fault": a load from an address with no memory behind it must end in a panic that names
   the trap (scause, sepc, stval) and the hart, not in a hang. Not in the standard set. */
#include "harness.h"

static int fault_run(void)
{
    unsigned long address = 0x8;
    __asm__("" : "+r"(address)); /* hide the constant, or gcc rejects the access outright */
    volatile unsigned long *nowhere = (volatile unsigned long *)address;
    unsigned long v = *nowhere;
    return suite_fail("a load from %p returned %lu instead of trapping", (void *)nowhere, v);
}

SUITE(fault, .name = "fault", .summary = "an access fault panics with the trap's registers",
      .standard = 0, .run = fault_run);
