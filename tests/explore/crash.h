/* A hart's crash, told (crash.c). */
#ifndef KMEM_EXPLORE_CRASH_H
#define KMEM_EXPLORE_CRASH_H

/* ": a NULL pointer ...", a fill pattern read as a pointer, or "". */
const char *crash_meaning(unsigned long addr);

/* The return addresses of the faulting hart (the faulting instruction first, as one),
   from the signal's context, within its stack [stack, stack + size); how many. */
int crash_frames(const void *context, const char *stack, unsigned long size, void **frames,
                 int max);

#endif
