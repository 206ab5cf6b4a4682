/* Harness parameters from the kernel command line, each with the lab's default. */
#ifndef KMEM_OPTIONS_H
#define KMEM_OPTIONS_H

/* Checks every key=value on the command line against the known options; prints the
   problem and the list of options and returns -1 on an unknown key or a bad number. */
int options_check(void);

/* The numeric value of a known option (its default when not given). */
unsigned long option(const char *name);

void options_print(void);

#endif
