/* Which pages kmem manages and which of them are free now: one bit per page, so that
   kfree can refuse an address it never handed out and catch a double free. The checks
   kfree and kalloc make on every page are inline; what they report is out of line. */
#ifndef KMEM_PAGEMAP_H
#define KMEM_PAGEMAP_H

#include "fdt.h"
#include "kalloc.h"
#include "memmap.h"
#include "noreturn_call.h"

/* Set by pagemap_init, read-only afterwards. Managed pages are the usable ranges, which
   leave out the gaps between them (the device tree blob, reserved regions). */
struct pagemap {
    unsigned long span_start; /* lowest managed address; page 0 of the bitmap */
    unsigned long span_size;  /* bytes up to the end of the highest managed page */
    unsigned long *bits;      /* one bit per page from span_start: 1 = free */
    unsigned long gaps_start; /* from the first gap between usable ranges to the end of */
    unsigned long gaps_size;  /* the last (0 bytes if none): checked out of line */
};
extern struct pagemap pagemap;

/* Takes the usable ranges; carves the bitmap itself out of the start of the first range
   that can hold it (shrinking that range), and records the bounds kfree checks against.
   image_end and ram_end only make kfree's messages precise. */
void pagemap_init(struct range *usable, int n, unsigned long image_end, unsigned long ram_end);

/* Boot only: every managed page is free from the start. */
void pagemap_seed_all_free(void);

/* The bit reports: a double free, or a page handed out that was not free. */
void __attribute__((noreturn, cold)) pagemap_double_free(unsigned long pa);
void __attribute__((noreturn, cold)) pagemap_not_free(unsigned long pa);

/* The full check, for an address pagemap_address_plain did not accept: returns if pa is
   a page kmem hands out, else panics with "kfree: <what is wrong>". */
void pagemap_check_elsewhere(unsigned long pa);

/* kfree's address check, inline part: 1 if pa is certainly a page kmem hands out; 0 for
   any address kmem does not hand out (then pagemap_check_elsewhere decides). The gaps between
   usable ranges (the device tree blob, reserved regions) lie together, so a page-aligned address in
   the span and outside the stretch that holds them all is accepted with two unsigned compares (pa -
   start < size is start <= pa < start + size), and an address in that stretch (nearly always a bad
   one) is left to the full check: 12 instructions, where a walk over every gap took 16 and more. */
static inline int pagemap_address_plain(unsigned long pa)
{
    return __builtin_expect(pa - pagemap.span_start < pagemap.span_size && pa % PGSIZE == 0 &&
                                pa - pagemap.gaps_start >= pagemap.gaps_size,
                            1);
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
