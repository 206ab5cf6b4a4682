/* A free-page list and the lock that guards it: the building block of both policies.
   Pages come in two kinds. Freed pages are linked through their own first bytes, so the
   list costs no memory. Pages never used since boot stay untouched in "fresh" address
   ranges and are carved off one at a time when needed: handing all of RAM to the lists at
   boot then costs a few range records, not a write to every page. */
#ifndef KMEM_FREELIST_H
#define KMEM_FREELIST_H

#include "fdt.h"
#include "hart.h"
#include "kalloc.h"
#include "kmem_mutant.h"
#include "panic.h"
#include "spinlock.h"

/* Fresh ranges one list can hold. A boot-time share is cut only by holes in RAM (the
   device tree blob, reserved regions), and a thief only takes fresh pages when it has none
   of its own, so a few are enough; kmem_init threads any further piece page by page. */
#define FRESH_MAX 4

struct run {
    struct run *next;
};

struct freelist {
    struct spinlock lock;          /* guards every field below; "kmem" or "kmem.<hart index>" */
    struct run *head;              /* freed pages, most recent first (likely still cached) */
    unsigned long linked;          /* pages on head's chain */
    unsigned long length;          /* all free pages here, linked and fresh; also read lock-free */
    struct range fresh[FRESH_MAX]; /* never-used pages; carved from the last range's start */
    int nfresh;
    unsigned long allocs; /* counters of struct kmem_hart_stats (kalloc.h) */
    unsigned long frees;
    unsigned long steals;
    unsigned long stolen;
    unsigned long robbed;
    char name[16]; /* the lock's name lives here, not on a stack */
} __attribute__((aligned(CACHE_LINE)));

/* Pages moving from one list to another in a steal: a linked chain or a fresh range. */
struct batch {
    struct run *first, *tail; /* the chain, if nlinked > 0 */
    unsigned long nlinked;
    struct range fresh; /* empty (start == end) if none */
};

/* All helpers below: the caller holds fl->lock (or is the boot hart, alone). */

static inline void set_length(struct freelist *fl, unsigned long n)
{
    /* Atomic so that a lock-free peek (a thief's skip of empty lists) is well defined. */
    __atomic_store_n(&fl->length, n, __ATOMIC_RELAXED);
}

static inline unsigned long range_pages(struct range r)
{
    return (r.end - r.start) / PGSIZE;
}

static inline void freelist_push(struct freelist *fl, struct run *r)
{
    r->next = fl->head;
    fl->head = r;
    fl->linked++;
    set_length(fl, fl->length + 1);
}

/* Adds never-used pages; returns 0, or -1 (nothing added) if FRESH_MAX ranges are held. */
static inline int freelist_add_fresh(struct freelist *fl, struct range r)
{
    if (r.start == r.end)
        return 0;
    if (fl->nfresh == FRESH_MAX)
        return -1;
    fl->fresh[fl->nfresh++] = r;
    set_length(fl, fl->length + range_pages(r));
    return 0;
}

/* Boot: adds never-used pages, as a fresh range while there is room, else page by page. */
static inline void freelist_seed(struct freelist *fl, struct range r)
{
    if (freelist_add_fresh(fl, r) == 0)
        return;
    for (unsigned long pa = r.start; pa < r.end; pa += PGSIZE)
        freelist_push(fl, (struct run *)pa);
}

/* A freed page if there is one, else a fresh one, else 0. */
static inline struct run *freelist_pop(struct freelist *fl)
{
    struct run *r = fl->head;
    if (r) {
        fl->head = r->next;
        fl->linked--;
    } else if (fl->nfresh) {
        struct range *f = &fl->fresh[fl->nfresh - 1];
        r = (struct run *)f->start;
        f->start += PGSIZE;
        if (f->start == f->end)
            fl->nfresh--;
    } else {
        return 0;
    }
    set_length(fl, fl->length - 1);
    return r;
}

/* Detaches up to n pages: freed ones while there are any (walking n links), else fresh
   ones from the end of the last fresh range (no page is touched). Returns how many. */
static inline unsigned long freelist_cut(struct freelist *fl, unsigned long n, struct batch *b)
{
    *b = (struct batch){0, 0, 0, {0, 0}};
    if (fl->linked) {
        if (n > fl->linked)
            n = fl->linked;
        struct run *last = fl->head;
        for (unsigned long i = 1; i < n; i++)
            last = last->next;
        b->first = fl->head;
        b->tail = last;
        b->nlinked = n;
        fl->head = last->next;
        last->next = 0;
        fl->linked -= n;
        if (MUTANT(cut_loses_page) && n > 1) { /* the batch ends one page early */
            b->nlinked--;
            for (b->tail = b->first; b->tail->next != last; b->tail = b->tail->next)
                ;
            b->tail->next = 0;
        }
    } else if (fl->nfresh) {
        struct range *f = &fl->fresh[fl->nfresh - 1];
        if (n > range_pages(*f))
            n = range_pages(*f);
        b->fresh = (struct range){f->end - n * PGSIZE, f->end};
        f->end = b->fresh.start;
        if (MUTANT(cut_loses_page) && n > 1) /* the batch starts one page late */
            b->fresh.start += PGSIZE;
        if (f->start == f->end)
            fl->nfresh--;
    } else {
        return 0;
    }
    set_length(fl, fl->length - n);
    return n;
}

/* Takes in a batch from freelist_cut. A thief's own list is empty when it steals, so the
   fresh range always finds room. */
static inline void freelist_splice(struct freelist *fl, const struct batch *b)
{
    if (b->nlinked) {
        b->tail->next = fl->head;
        fl->head = b->first;
        fl->linked += b->nlinked;
        set_length(fl, fl->length + b->nlinked);
    }
    if (freelist_add_fresh(fl, b->fresh) != 0)
        panic("freelist_splice: %s already holds %d fresh ranges", fl->name, FRESH_MAX);
}

#endif
