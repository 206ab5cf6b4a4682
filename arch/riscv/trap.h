/* Supervisor traps: the saved register frame and the hook for timer interrupts. */
#ifndef KMEM_TRAP_H
#define KMEM_TRAP_H

/* Filled by trap_vector.S; x[i] holds register x(i+1). */
struct trap_frame {
    unsigned long x[31];
    unsigned long sepc;
    unsigned long sstatus;
    unsigned long scause;
    unsigned long stval;
    unsigned long pad; /* keeps the frame a multiple of 16 bytes */
};

void trap_init_hart(void);

/* Called with interrupts off for each supervisor timer interrupt on this hart. The
   handler must program the next timer (or turn the timer off) before returning. */
void (*trap_set_timer_handler(void (*handler)(void)))(void); /* returns the previous one */

void kernel_trap(struct trap_frame *frame);

/* The exception that is ending the run (its panic is under way), or 0: for last words
   (panic.h) that explain it. */
const struct trap_frame *trap_fatal_frame(void);

#endif
