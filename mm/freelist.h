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
#include "once.h"
#include "panic.h"
#include "spinlock.h"

/* Fresh ranges one list can hold. A boot-time share is cut only by holes in RAM (the
   device tree blob, reserved regions), and a thief only takes fresh pages when it has none
   of its own, so a few are enough; kmem_init threads any further piece page by page. */
#define FRESH_MAX 4

struct run {
    struct run *next;
};

/* The first cache line holds all a kalloc or kfree touches: the lock, head and one
   counter. The list's length is adds - removes, two counters that only ever grow: each is
   written (plain stores) by the lock holder only, and read lock-free by thieves, which is
   what the per-hart policy's out-of-memory argument (kmem_steal.c) is built on. */
struct freelist {
    struct spinlock lock;          /* guards every field below; "kmem" or "kmem.<hart index>" */
    struct run *head;              /* freed pages, most recent first (likely still cached) */
    struct run *tail;              /* the last of them (meaningless while head is 0) */
    unsigned long adds;            /* pages ever put here: kfree, boot seeding, stolen batches */
    unsigned long removes;         /* pages ever taken out: kalloc, batches cut off by thieves */
    unsigned long fresh_pages;     /* pages in fresh[]; the rest of the length is on head */
    struct range fresh[FRESH_MAX]; /* never-used pages; carved from the last range's start */
    int nfresh;
    unsigned long seeded; /* adds that were boot seeding, for kmem_stats' arithmetic */
    unsigned long steals; /* the counters of struct kmem_hart_stats that are not derived */
    unsigned long stolen;
    unsigned long robbed;
    unsigned long robbed_pages;
    unsigned long returned; /* pages a thief detached with the chain and handed back */
    char name[16];          /* the lock's name lives here, not on a stack */
} __attribute__((aligned(CACHE_LINE)));

/* Pages moving from one list to another in a steal: a linked chain and/or a fresh range. */
struct batch {
    struct run *first, *tail; /* the chain, if nlinked > 0 */
    unsigned long nlinked;
    struct range fresh; /* empty (start == end) if none */
};

static inline unsigned long range_pages(struct range r)
{
    return (r.end - r.start) / PGSIZE;
}

static inline unsigned long batch_pages(const struct batch *b)
{
    return b->nlinked + range_pages(b->fresh);
}

/* All helpers below: the caller holds fl->lock (or is the boot hart, alone). The counters
   change by plain single stores (store_once): only the holder writes them. */

static inline unsigned long freelist_length(const struct freelist *fl)
{
    return fl->adds - fl->removes;
}

/* Releases fl's lock; a timeline (lib/trace.h) is told the list's length then. */
static inline void freelist_unlock(struct freelist *fl)
{
#if KMEM_TRACE_LOCKS
    __release_noting(&fl->lock, freelist_length(fl));
#else
    __release(&fl->lock);
#endif
}

static inline void count_in(struct freelist *fl, unsigned long n)
{
    store_once(fl->adds, fl->adds + n);
}

static inline void count_out(struct freelist *fl, unsigned long n)
{
    store_once(fl->removes, fl->removes + n);
}

/* count_out for a thief's batch: a store-release, so that a census whose acquire load
   reads the new count also sees the batch counted in flight before it (kmem_steal.c). */
static inline void count_out_published(struct freelist *fl, unsigned long n)
{
    store_release(fl->removes, fl->removes + n);
}

static inline void freelist_push(struct freelist *fl, struct run *r)
{
    if (!fl->head)
        fl->tail = r;
    r->next = fl->head;
    fl->head = r;
    count_in(fl, 1);
}

static inline unsigned long freelist_linked(const struct freelist *fl)
{
    return freelist_length(fl) - fl->fresh_pages;
}

/* Detaches the whole chain of freed pages into b, in a few instructions however long it
   is; returns how many. Not counted out: as for freelist_cut. */
static inline unsigned long freelist_detach_linked(struct freelist *fl, struct batch *b)
{
    unsigned long n = freelist_linked(fl);
    *b = (struct batch){n ? fl->head : 0, n ? fl->tail : 0, n, {0, 0}};
    fl->head = 0;
    return n;
}

/* Puts the chain first..last (n pages) under the freed pages fl holds now (the older end),
   and counts them in. */
static inline void freelist_append_below(struct freelist *fl, struct run *first, struct run *last,
                                         unsigned long n)
{
    if (fl->head)
        fl->tail->next = first;
    else
        fl->head = first;
    fl->tail = last;
    count_in(fl, n);
}

/* Adds never-used pages; returns 0, or -1 (nothing added) if FRESH_MAX ranges are held. */
static inline int freelist_add_fresh(struct freelist *fl, struct range r)
{
    if (r.start == r.end)
        return 0;
    if (fl->nfresh == FRESH_MAX)
        return -1;
    fl->fresh[fl->nfresh++] = r;
    fl->fresh_pages += range_pages(r);
    count_in(fl, range_pages(r));
    return 0;
}

/* Boot: adds never-used pages, as a fresh range while there is room, else page by page. */
static inline void freelist_seed(struct freelist *fl, struct range r)
{
    if (freelist_add_fresh(fl, r) != 0) {
        for (unsigned long pa = r.start; pa < r.end; pa += PGSIZE)
            freelist_push(fl, (struct run *)pa);
    }
    fl->seeded += range_pages(r);
}

/* The last fresh range's first page; there must be one. */
static inline struct run *carve_fresh(struct freelist *fl)
{
    struct range *f = &fl->fresh[fl->nfresh - 1];
    struct run *r = (struct run *)f->start;
    f->start += PGSIZE;
    if (f->start == f->end)
        fl->nfresh--;
    fl->fresh_pages--;
    return r;
}

/* A freed page if there is one, else a fresh one, else 0. */
static inline struct run *freelist_pop(struct freelist *fl)
{
    struct run *r = fl->head;
    if (r)
        fl->head = r->next;
    else if (fl->nfresh)
        r = carve_fresh(fl);
    else
        return 0;
    count_out(fl, 1);
    return r;
}

/* Takes up to n pages, freed ones first, then fresh ones, into out[]: the first taken
   (the most recently freed) goes last, where a stack of them gives out first. Counted out
   at once. Returns how many. (The cached policy's refill.) */
static inline unsigned long freelist_pop_many(struct freelist *fl, void **out, unsigned long n)
{
    unsigned long k = freelist_length(fl) < n ? freelist_length(fl) : n;
    for (unsigned long i = 0; i < k; i++) {
        struct run *r = fl->head;
        if (r)
            fl->head = r->next;
        else
            r = carve_fresh(fl); /* the length counts it: there is one */
        out[k - 1 - i] = r;
    }
    count_out(fl, k);
    return k;
}

/* Puts the n pages of pages[] on fl, linked in that order, pages[0] first. Counted in at
   once. (The cached policy's drain.) */
static inline void freelist_push_many(struct freelist *fl, void *const *pages, unsigned long n)
{
    if (n == 0)
        return;
    for (unsigned long i = 0; i + 1 < n; i++)
        ((struct run *)pages[i])->next = pages[i + 1];
    struct run *last = pages[n - 1];
    if (!fl->head)
        fl->tail = last;
    last->next = fl->head;
    fl->head = pages[0];
    count_in(fl, n);
}

/* Detaches up to n pages into b: freed ones first (walking that many links), then, if
   those are fewer than n, fresh ones from the end of the last fresh range (no page is
   touched). Returns how many; n = 0 detaches nothing. The pages are NOT counted out: the
   caller does that (count_out) once it has recorded them as in flight. */
static inline unsigned long freelist_cut(struct freelist *fl, unsigned long n, struct batch *b)
{
    *b = (struct batch){0, 0, 0, {0, 0}};
    unsigned long linked = freelist_linked(fl);
    unsigned long k = n < linked ? n : linked;
    if (k) {
        struct run *last = fl->head;
        for (unsigned long i = 1; i < k; i++)
            last = last->next;
        b->first = fl->head;
        b->tail = last;
        b->nlinked = k;
        fl->head = last->next;
        last->next = 0;
        if (MUTANT(cut_loses_page) && k > 1) { /* the batch ends one page early */
            b->nlinked--;
            for (b->tail = b->first; b->tail->next != last; b->tail = b->tail->next)
                ;
            b->tail->next = 0;
        }
    }
    unsigned long m = n - k;
    if (m && fl->nfresh) {
        struct range *f = &fl->fresh[fl->nfresh - 1];
        if (m > range_pages(*f))
            m = range_pages(*f);
        b->fresh = (struct range){f->end - m * PGSIZE, f->end};
        f->end = b->fresh.start;
        if (f->start == f->end)
            fl->nfresh--;
        fl->fresh_pages -= m;
        if (MUTANT(cut_loses_page) && m > 1 && !k) /* the batch starts one page late */
            b->fresh.start += PGSIZE;
    } else {
        m = 0;
    }
    return k + m;
}

/* Takes one page out of a batch from freelist_cut for the thief's own kalloc, and stores
   the rest on fl. A thief's own list is empty when it steals, so the fresh range always
   finds room. Returns the page, or 0 if the batch is empty. */
static inline struct run *freelist_land(struct freelist *fl, struct batch *b)
{
    struct run *r = 0;
    if (b->nlinked) {
        r = b->first;
        b->first = r->next;
        if (--b->nlinked)
            freelist_append_below(fl, b->first, b->tail, b->nlinked);
    } else if (b->fresh.start != b->fresh.end) {
        r = (struct run *)b->fresh.start;
        b->fresh.start += PGSIZE;
    }
    if (freelist_add_fresh(fl, b->fresh) != 0)
        panic("freelist_land: %s already holds %d fresh ranges", fl->name, FRESH_MAX);
    return r;
}

#endif
