/* The randomised tests' generator (xorshift64*): small, and the same seed gives the same
   sequence in the kernel and on the host. */
#ifndef KMEM_RANDOM_H
#define KMEM_RANDOM_H

/* A state for stream `stream` (a hart index, say) of the run seeded with `seed`; never 0,
   which xorshift would keep for ever. */
static inline unsigned long random_start(unsigned long seed, int stream)
{
    unsigned long s = seed * 0x9E3779B97F4A7C15UL + (unsigned long)stream + 1;
    return s ? s : 1;
}

static inline unsigned long random_next(unsigned long *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DUL;
}

#endif
