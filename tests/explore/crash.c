/* A hart's crash, told: what the faulting address means and where the hart was (the
   faulting instruction, then the frame-pointer chain on its own stack). sched.c's fault
   handler ends the schedule with them. */
#define _GNU_SOURCE /* REG_RIP, REG_RBP */
#include <signal.h>
#include <ucontext.h>

#include "crash.h"

/* What a faulting address says: xv6's kalloc fills a page it hands out with 5s, kfree a
   freed page with 1s, so a pointer made of them was read from such a page. */
const char *crash_meaning(unsigned long a)
{
    if (a < 4096)
        return ": a NULL pointer (plus an offset) followed";
    if ((a | 0xff) == 0x05050505050505ffUL)
        return ": kalloc's fill (5s), a page already handed out, read as a link";
    if ((a | 0xff) == 0x01010101010101ffUL)
        return ": kfree's fill (1s), a freed page's link read before it was written";
    return "";
}

/* Where the hart faulted: the faulting instruction, then the frame-pointer chain (the
   explorer's build keeps frame pointers), within the hart's own stack. */
int crash_frames(const void *context, const char *stack, unsigned long size, void **frames, int max)
{
    int n = 0;
#if defined(__x86_64__)
    const ucontext_t *uc = context;
    const char *lo = stack, *hi = stack + size;
    frames[n++] = (void *)(uc->uc_mcontext.gregs[REG_RIP] + 1); /* told as a return address */
    const unsigned long *fp = (const unsigned long *)uc->uc_mcontext.gregs[REG_RBP];
    while (n < max && (const char *)fp >= lo && (const char *)fp + 16 <= hi && fp[1]) {
        frames[n++] = (void *)fp[1];
        fp = (const unsigned long *)fp[0];
    }
#else
    (void)context;
    (void)stack;
    (void)size;
    (void)frames;
    (void)max;
#endif
    return n;
}
