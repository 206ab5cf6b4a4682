/* Per-hart timer interrupts through SBI set_timer, for tests that allocate in interrupt
   handlers. The handler is the one given to trap_set_timer_handler (trap.h). */
#ifndef KMEM_TIMER_H
#define KMEM_TIMER_H

/* The next timer interrupt on this hart comes `ticks` from now (clock.h's ticks). Interrupts
   still need to be on (intr_on) for it to be taken. */
void timer_arm(unsigned long ticks);

/* No more timer interrupts on this hart. */
void timer_disarm(void);

#endif
