/* How a hart finds its own struct hart: the tp register holds its address from entry on. */
#ifndef KMEM_HART_PTR_H
#define KMEM_HART_PTR_H

struct hart;

static inline struct hart *this_hart(void)
{
    struct hart *h;
    __asm__ volatile("mv %0, tp" : "=r"(h));
    return h;
}

#endif
