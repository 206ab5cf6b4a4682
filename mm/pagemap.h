/* Which pages kmem manages and which of them are free now: one bit per page, so that
   kfree can refuse an address it never handed out and catch a double free. The checks
   kfree and kalloc make on every page are inline; what they report is out of line. */
#ifndef KMEM_PAGEMAP_H
#define KMEM_PAGEMAP_H

#include "fdt.h"
#include "kalloc.h"
#include "memmap.h"
#include "noreturn_call.h"

/* Set by pagemap_init, read-only afterwards. Managed pages are the span less its holes
   (the gaps between usable ranges: the device tree blob, reserved regions). */
struct pagemap {
    unsigned long span_start; /* lowest managed address; page 0 of the bitmap */
    unsigned long span_size;  /* bytes up to the end of the highest managed page */
    unsigned long *bits;      /* one bit per page from span_start: 1 = free */
    int nholes;               /* holes[0] is {0, 0} if there are none */
    struct {
        unsigned long start, size;
    } holes[MEMMAP_MAX_RANGES];
};
extern struct pagemap pagemap;

/* Takes the usable ranges; carves the bitmap itself out of the start of the first range
   that can hold it (shrinking that range), and records the bounds kfree checks against.
   image_end and ram_end only make kfree's messages precise. */
void pagemap_init(struct range *usable, int n, unsigned long image_end, unsigned long ram_end);

/* Boot only: every managed page is free from the start. */
void pagemap_seed_all_free(void);

/* pagemap_check_address found pa wrong: panics with "kfree: <what is wrong>". */
void __attribute__((noreturn, cold)) pagemap_bad_address(unsigned long pa);

/* The bit reports: a double free, or a page handed out that was not free. */
void __attribute__((noreturn, cold)) pagemap_double_free(unsigned long pa);
void __attribute__((noreturn, cold)) pagemap_not_free(unsigned long pa);

/* kfree's address check: panics ("kfree: ...") for an address kmem does not hand out.
   Unsigned compares, one per bound pair: pa - start < size is start <= pa < start + size.
   holes[0] is always there (empty when the span has no hole), so the usual one hole, the
   device tree blob's, costs one compare and no loop. */
static inline void pagemap_check_address(unsigned long pa)
{
    if (pa - pagemap.span_start >= pagemap.span_size || pa % PGSIZE != 0 ||
        pa - pagemap.holes[0].start < pagemap.holes[0].size)
        noreturn_call(pagemap_bad_address, pa);
    for (int i = 1; i < pagemap.nholes; i++) {
        if (pa - pagemap.holes[i].start < pagemap.holes[i].size)
            noreturn_call(pagemap_bad_address, pa);
    }
}

static inline unsigned long *pagemap_word(unsigned long pa, unsigned long *mask)
{
    unsigned long page = (pa - pagemap.span_start) / PGSIZE;
    *mask = 1UL << (page % 64);
    return &pagemap.bits[page / 64];
}

/* Marks the page free; panics on a double free. One amoor.d: of two harts freeing the same
   page at once, exactly one sees the bit already set. The word is shared with the 63
   neighbouring pages, so this is a write to a cache line other harts write: the one the
   double-free check costs (KMEM_DOUBLE_FREE_CHECK=0 leaves it out). */
static inline void pagemap_note_free(unsigned long pa)
{
    unsigned long mask, *w = pagemap_word(pa, &mask);
    if (__atomic_fetch_or(w, mask, __ATOMIC_RELAXED) & mask)
        noreturn_call(pagemap_double_free, pa);
}

/* kalloc's check: marks the page in use (amoand.d); panics if it was not free, which means
   a free list is corrupted (a page reached a list twice, or a freed page was written to). */
static inline void pagemap_note_alloc(unsigned long pa)
{
    unsigned long mask, *w = pagemap_word(pa, &mask);
    if (!(__atomic_fetch_and(w, ~mask, __ATOMIC_RELAXED) & mask))
        noreturn_call(pagemap_not_free, pa);
}

#endif
