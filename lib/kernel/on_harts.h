/* Running one body on a set of harts at once (the kernel's dispatch, which every suite
   uses), and the idle loop harts wait for work in. */
#ifndef KMEM_ON_HARTS_H
#define KMEM_ON_HARTS_H

#include "hartset.h"

/* How long a hart may take to pick up work posted to it before on_harts panics. */
#define ON_HARTS_TAKE_LIMIT_MS 20000

/* Runs body(arg) on every hart of `who` (the calling boot hart too, if included), all
   released together by a start barrier, and returns when all have finished. */
void on_harts(const struct hartset *who, void (*body)(void *arg), void *arg);

/* The shorthand most suites use: every online hart. */
void on_all_harts(void (*body)(void *arg), void *arg);

/* The shorthand for one hart (which may be the boot hart itself). */
void on_hart(int index, void (*body)(void *arg), void *arg);

/* Inside a body that will not return (a hart stopping itself): count this hart as
   finished now, so on_harts does not wait for it. */
void on_harts_detach(void);

/* Inside a body: wait for the other harts running the same body. */
void on_harts_barrier(void);

/* Inside a body: sleep until *word differs from old. Whoever changes it calls
   on_harts_wake_all() afterwards. For waits that are long next to a poke's cost. */
void on_harts_wait_change(const unsigned long *word, unsigned long old);
void on_harts_wake_all(void);

/* Inside a body: how many harts run it, and this hart's rank among them (0..n-1). */
int on_harts_count(void);
int on_harts_rank(void);

/* Lab mode (xv6 kalloc.c under test): run every body, and every suite on the boot hart,
   with interrupts on and a timer ticking every `period` clock ticks, as xv6 runs its
   kernel code; 0 turns it off. The timer handler must be installed by the caller. */
void on_harts_tick(unsigned long period);

/* Called around suite bodies: turn the ticking on and off on this hart (no-ops when
   on_harts_tick is 0). */
void on_harts_tick_begin(void);
void on_harts_tick_end(void);

/* The loop secondary harts sit in between suites, taking work from on_harts. */
void on_harts_worker(void) __attribute__((noreturn));

#endif
