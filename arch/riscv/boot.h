/* What the boot hart learned about the machine, for code that runs later (tests). */
#ifndef KMEM_BOOT_H
#define KMEM_BOOT_H

#include "fdt.h"

const struct machine_info *boot_machine(void);

/* What booting cost, from kernel entry to the start of the harness: retired instructions
   (exact only under QEMU -icount) and timer ticks. */
struct boot_cost {
    unsigned long instructions;
    unsigned long ticks;
};
struct boot_cost boot_cost(void);

#endif
