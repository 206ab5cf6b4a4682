/* Lab mode's checks on an xv6 kalloc.c: what it does with its locks and with cpuid(), and
   the verdict per known bug class at the end of the run (suite "labcheck"). */
#ifndef KMEM_LAB_CHECKS_H
#define KMEM_LAB_CHECKS_H

/* Installs the last words (panic.h) that print the verdicts when a deadlock or a trap ends
   the run early. */
void lab_checks_init(void);

/* Around every call into the lab file, so its lock use can be told from the kernel's. */
void lab_enter_allocator(void);
void lab_leave_allocator(void);

/* Up to `spins` of random delay before some lock acquisitions inside the lab file. */
void lab_set_jitter(unsigned long spins);

/* cpuid()/mycpu() was called from `caller`; reported if interrupts were on. */
void lab_note_cpuid(void *caller);

#endif
