/* Lab mode's checks on an xv6 kalloc.c: what it does with its locks and with cpuid(), and
   the verdict per known bug class at the end of the run (suite "labcheck"). */
#ifndef KMEM_LAB_CHECKS_H
#define KMEM_LAB_CHECKS_H

/* Installs the last words (panic.h) that print the verdicts when a deadlock or a trap ends
   the run early. */
void lab_checks_init(void);

/* Around every call into the lab file, so its lock use can be told from the kernel's. */
enum { LAB_IN_KALLOC, LAB_IN_KFREE };
void lab_enter_allocator(int which);
void lab_leave_allocator(void);

/* Up to `spins` of random delay before some lock acquisitions inside the lab file. */
void lab_set_jitter(unsigned long spins);

/* cpuid()/mycpu() was called from `caller`; reported if interrupts were on. */
void lab_note_cpuid(void *caller);

/* The schedule hook: armed for a hart, it holds that hart the next time its kalloc comes
   to its own lock (the first lock its last kfree took) from another (a steal between the
   victim's lock and its own, the batch on no list), for LAB_PAUSE_MS at most or until
   released. */
#define LAB_PAUSE_MS 300
enum { LAB_PAUSE_ARMED = 1, LAB_PAUSE_HELD, LAB_PAUSE_DONE };
void lab_pause_arm(int hart_index);
int lab_pause_state(void);
void lab_pause_release(void);

/* kalloc returned pa while it was still handed out (lab_held.c): a page handed out twice.
   Ends the run (EXIT_PANIC) with the verdicts (lab_verdicts.c). */
void lab_handed_out_twice(void *pa) __attribute__((noreturn));

/* For the verdicts (lab_verdicts.c). A report function, printf or one for the panic path. */
typedef int (*say_fn)(const char *fmt, ...);

/* Every problem with the lab file's locks (a name on a stack, a name changed since
   initlock or not kmem*, a lock never initialised), each said; returns how many. */
int lab_lock_problems(say_fn say);

/* The starter's design: kalloc/kfree took one lock only, on more than one hart. */
int lab_one_shared_list(void);

/* cpuid()/mycpu() calls with interrupts on, and their distinct callers. */
unsigned long lab_cpuid_with_interrupts(void *const **callers, int *ncallers);

#endif
