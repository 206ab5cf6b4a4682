/* What sched.c (the schedule: coroutines, who may run, the choice) and points.c (what the
   allocator calls at each point) share: the state of the schedule that runs. Private to
   those two files. */
#ifndef KMEM_EXPLORE_SCHED_HART_H
#define KMEM_EXPLORE_SCHED_HART_H

#include <setjmp.h>
#include <ucontext.h>

#include "explorer.h"

enum hart_state { RUNNABLE, WAITING, FINISHED };

struct xhart {
    ucontext_t ctx;         /* the coroutine, made once (sched.c's coroutine) */
    jmp_buf top;            /* where each schedule's run of this hart begins */
    jmp_buf resume;         /* where it stopped in this schedule */
    int made, started;      /* the coroutine exists; it began in this schedule */
    void (*entry)(int arg); /* what it runs in this schedule, and with what */
    int arg;
    char *stack;
    enum hart_state state;
    const volatile void *wait_word; /* WAITING: sleeps while this word holds wait_value */
    unsigned wait_size;
    unsigned long wait_value;
    int paused;           /* paused with no point since: further pauses are the same one */
    int interrupts;       /* its host_interrupts_on while another hart runs */
    int interrupted;      /* it takes no more interrupts: it took one, or its work is done */
    const char *call;     /* "kalloc" or "kfree" while in one, else 0 */
    unsigned long called; /* the step it began at */
    unsigned long turn;   /* the step it last got the turn at */
};

/* SCHED_IDLE: no schedule runs, or the explorer itself reads the allocator; SCHED_SETUP:
   the set-up, each hart alone (steps count, for the livelock bound, but nothing is
   chosen); SCHED_HARTS: the harts run and every point is a choice. */
enum sched_phase { SCHED_IDLE, SCHED_SETUP, SCHED_HARTS };

extern struct xhart sched_harts[EXPLORE_MAX_HARTS];
extern int sched_nharts, sched_cur; /* the scenario's harts; the one that runs */
extern enum sched_phase sched_phase;
extern unsigned long sched_steps;       /* points passed in this schedule */
extern struct run_result *sched_result; /* what this schedule finds */

/* The choice at a point of the running hart (sched.c). go_on: it may simply continue;
   otherwise it pauses, sleeps or has finished. */
void sched_decide(int go_on, int pausing);

/* interrupts.c. The running hart may go on as another CPU: it swaps CPUs with a hart that could be
   interrupted too (interrupts on) or has finished, or stays (the default). */
void sched_migrate(void);
/* points.c: a step of the explorer's own (EXPLORE_FINISH, EXPLORE_INTERRUPT). */
void sched_own_step(enum explore_op op);
extern const struct scenario *sched_scenario; /* the scenario that runs */
/* Interrupts are on at a point of the running hart: in a scenario with interrupts, the
   explorer may deliver one here (a choice of its own step). */
void sched_interrupt(void);
extern int sched_cpu[EXPLORE_MAX_HARTS]; /* the CPU (struct hart) each hart runs as */

/* The word of `size` bytes (1, 2, 4 or 8) at w, as memory holds it now. */
static inline unsigned long word_value(const volatile void *w, unsigned size)
{
    switch (size) {
    case 1:
        return *(const volatile unsigned char *)w;
    case 2:
        return *(const volatile unsigned short *)w;
    case 4:
        return *(const volatile unsigned int *)w;
    default:
        return *(const volatile unsigned long *)w;
    }
}

#endif
