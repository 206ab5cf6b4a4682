/* Ending the run: the exit statuses of a kmem run and the call that powers off with one.
   The kernel implements it in arch/riscv/machine.c, the host build in arch/host. */
#ifndef KMEM_EXIT_H
#define KMEM_EXIT_H

#define EXIT_PASS  0 /* every selected suite passed */
#define EXIT_FAIL  1 /* at least one suite failed */
#define EXIT_USAGE 2 /* bad kernel command line */
#define EXIT_PANIC 3 /* the kernel panicked */
#define EXIT_STUCK 4 /* the lock watchdog found a hart spinning too long (deadlock) */

void machine_exit(int status) __attribute__((noreturn));

#endif
