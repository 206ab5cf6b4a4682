/* Lab mode's progress watchdog (lab_progress.c): a call into the lab file that never
   returns ends the run as a livelock, with the hart's pc when it is known. */
#ifndef KMEM_LAB_PROGRESS_H
#define KMEM_LAB_PROGRESS_H

/* The outermost call into the lab file began or ended on this hart. */
void lab_progress_enter(int hart_index, int is_kfree);
void lab_progress_leave(int hart_index);

/* From the timer interrupt (every millisecond in lab mode): counts this hart's time inside
   its call, and looks at the other harts'. Ends the run (EXIT_STUCK) on a livelock. */
void lab_progress_tick(void);

/* How long a call may run on its hart's own time (0: the watchdog is off). */
unsigned long lab_progress_bound_ms(void);

/* From the lab file's acquire, inside a call: ends the run if the call has run too long
   with interrupts off, naming `from` (acquire's return address) as where. */
void lab_progress_call(void *from);

struct livelock {
    int seen;
    int hart_index;
    unsigned long pc; /* where it was interrupted, or a return address; 0: not known */
    int pc_is_return; /* pc is a return address (the call's line is just before it) */
    unsigned long ms;
    int in_kfree;
    int stalled; /* no call was open: the run was stuck outside the allocator */
};
/* The livelock that is ending the run, or 0 (for the last words' verdicts). */
const struct livelock *lab_progress_livelock(void);

#endif
