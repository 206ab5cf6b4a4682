/* What entry.S recorded at the kernel's first instruction, on the boot hart. */
#ifndef KMEM_ENTRY_H
#define KMEM_ENTRY_H

extern unsigned long entry_instret; /* instret (exact only under QEMU -icount) */
extern unsigned long entry_ticks;   /* rdtime */

#endif
