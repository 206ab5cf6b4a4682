/* Starting and stopping harts through SBI HSM. */
#ifndef KMEM_HART_START_H
#define KMEM_HART_START_H

#include "hart.h"

/* Boot hart only: start every other hart of the table and wait until each is online.
   Each runs secondary_main(), which ends in `idle` (called with interrupts off). */
void harts_start_others(void (*idle)(void));

/* Start one stopped hart again; it runs the same idle function. 0 or an SBI error. */
long hart_restart(struct hart *h);

/* Start one stopped hart at the kernel's entry instead of secondary_entry, as OpenSBI
   1.1 sometimes does at boot (entry.S); for the test that shows entry.S copes. */
long hart_restart_at_kernel_entry(struct hart *h);

/* Stop the calling hart (SBI hart_stop). Returns only on failure, with the SBI error. */
long hart_stop_self(void);

/* Wait up to `ms` milliseconds for h->online to become `online`; 1 if it did. */
int hart_wait_online(struct hart *h, int online, unsigned long ms);

/* 1 if p lies on some hart's kernel stack (lab mode flags lock names kept there). */
int hart_stack_contains(const void *p);

#endif
