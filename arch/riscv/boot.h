/* What the boot hart learned about the machine, for code that runs later (tests). */
#ifndef KMEM_BOOT_H
#define KMEM_BOOT_H

#include "fdt.h"

const struct machine_info *boot_machine(void);

#endif
