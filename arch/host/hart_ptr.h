/* Host build: a "hart" is a thread, and its struct hart pointer lives in thread-local
   storage (tp's job in the kernel). */
#ifndef KMEM_HART_PTR_H
#define KMEM_HART_PTR_H

struct hart;

extern __thread struct hart *host_hart;

static inline struct hart *this_hart(void)
{
    return host_hart;
}

#endif
