/* The random operation mix that the kernel's soak suite and the host stress program both
   run: allocate, free one's own page, hand a page to another hart to free, free all one
   holds, and (host only) take every page there is and give it all back. */
#ifndef KMEM_OPMIX_H
#define KMEM_OPMIX_H

enum opmix_op {
    OP_ALLOC,        /* kalloc one page, if fewer than the pool's size are held */
    OP_FREE,         /* kfree a random held page */
    OP_SEND,         /* hand a random held page to another hart, which frees it */
    OP_DRAIN_MEMORY, /* kalloc until 0, then kfree all of it */
    OP_FREE_ALL,     /* kfree every held page */
};

/* Weights in thousandths; what is left after the four is OP_FREE_ALL. Draining is 2 in
   1000 on the host, where it is cheap; the kernel's soak leaves it out (`drain` = 0):
   there it would be 2000 drains of 31684 pages per 10^6 operations under emulation, and
   the exhaust, sbrkmuch and test4 suites drain memory on purpose. */
#define OPMIX_ALLOC 400
#define OPMIX_FREE  350
#define OPMIX_SEND  150

/* A receiver frees what was sent to it every this many of its operations. */
#define OPMIX_INBOX_GAP 32

/* The operation for random number r (r % 1000 decides; the caller draws its other choices,
   which page and which receiver, from r >> 10). */
static inline enum opmix_op opmix_pick(unsigned long r, unsigned drain)
{
    unsigned long kind = r % 1000;
    if (kind < OPMIX_ALLOC)
        return OP_ALLOC;
    if (kind < OPMIX_ALLOC + OPMIX_FREE)
        return OP_FREE;
    if (kind < OPMIX_ALLOC + OPMIX_FREE + OPMIX_SEND)
        return OP_SEND;
    if (kind < OPMIX_ALLOC + OPMIX_FREE + OPMIX_SEND + drain)
        return OP_DRAIN_MEMORY;
    return OP_FREE_ALL;
}

#endif
