/* text_redirect: a `jal zero, to` written over a function's entry (text_patch.h). */
#include "text_patch.h"
#include "panic.h"

/* The J-type immediate: offset bits 20, 10:1, 11 and 19:12, in that order from bit 31. */
static unsigned int jump_to(long offset)
{
    unsigned long o = (unsigned long)offset;
    return (unsigned int)(((o >> 20 & 1) << 31) | ((o >> 1 & 0x3ff) << 21) | ((o >> 11 & 1) << 20) |
                          ((o >> 12 & 0xff) << 12) | 0x6f); /* rd = zero: no link */
}

void text_redirect(void *from, const void *to)
{
    long offset = (long)((const char *)to - (const char *)from);
    if (offset < -(1L << 20) || offset >= (1L << 20))
        panic("text_redirect: %p is out of a jump's reach from %p", to, from);
    unsigned int insn = jump_to(offset);
    /* Functions are only 2-byte aligned with compressed instructions: two halfword stores,
       each aligned. Nothing runs `from` meanwhile (the caller's promise). */
    volatile unsigned short *at = from;
    at[0] = (unsigned short)insn;
    at[1] = (unsigned short)(insn >> 16);
    text_sync();
}

void text_sync(void)
{
    __asm__ volatile("fence.i" ::: "memory");
}
