/* Ending the run: QEMU exits with the status the kernel gives. */
#ifndef KMEM_MACHINE_H
#define KMEM_MACHINE_H

/* Exit statuses of a kmem run, as the host (scripts/run, ctest) sees them. */
#define EXIT_PASS  0 /* every selected suite passed */
#define EXIT_FAIL  1 /* at least one suite failed */
#define EXIT_USAGE 2 /* bad kernel command line */
#define EXIT_PANIC 3 /* the kernel panicked */

void machine_set_test_device(unsigned long base);
void machine_exit(int status) __attribute__((noreturn));

#endif
