/* Which pages of RAM the lab file has handed out: one bit per page, set when kalloc
   returns it and cleared when kfree is given it (before the file has it again, so a
   correct file never finds a bit set). A kalloc that returns a page whose bit is set
   handed one page to two callers; the run stops at once, before kmem's own chains of held
   pages (written into the pages themselves) become a cycle its suites would walk for
   ever. The bitmap is carved from the top of RAM, one page per 128 MiB. */
#include "kalloc.h"
#include "lab_checks.h"
#include "lab_held.h"
#include "string.h"

static unsigned long *held; /* bit i: page base + i * PGSIZE is handed out */
static unsigned long base, top;

unsigned long lab_held_carve(unsigned long from, unsigned long to)
{
    unsigned long pages = (to - from) / PGSIZE;
    unsigned long bytes = PGROUNDUP((pages + 7) / 8);
    held = (unsigned long *)(to - bytes);
    memset(held, 0, bytes);
    base = from;
    top = to - bytes;
    return top;
}

/* The page's bit, or -1 when pa is not a page the file could have been given. */
static long bit_of(void *pa)
{
    unsigned long a = (unsigned long)pa;
    if (!held || a < base || a >= top || (a & (PGSIZE - 1)))
        return -1;
    return (long)((a - base) / PGSIZE);
}

void lab_held_take(void *pa)
{
    long i = bit_of(pa);
    if (i < 0)
        return; /* not a page: what the caller does with it judges it (a trap) */
    unsigned long mask = 1UL << (i % 64);
    if (__atomic_fetch_or(&held[i / 64], mask, __ATOMIC_RELAXED) & mask)
        lab_handed_out_twice(pa);
}

void lab_held_give(void *pa)
{
    long i = bit_of(pa);
    if (i >= 0)
        __atomic_fetch_and(&held[i / 64], ~(1UL << (i % 64)), __ATOMIC_RELAXED);
}
