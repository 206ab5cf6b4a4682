/* A free-page list and the lock that guards it: the building block of both policies.
   A free page holds its own list link in its first bytes, so the lists cost no memory. */
#ifndef KMEM_FREELIST_H
#define KMEM_FREELIST_H

#include "hart.h"
#include "spinlock.h"

struct run {
    struct run *next;
};

struct freelist {
    struct spinlock lock; /* guards every field below; "kmem" or "kmem.<hart index>" */
    struct run *head;     /* most recently freed page first (it is likely still cached) */
    unsigned long length; /* pages on the list; also read without the lock as a hint */
    unsigned long allocs; /* counters of struct kmem_hart_stats (kalloc.h) */
    unsigned long frees;
    unsigned long steals;
    unsigned long stolen;
    unsigned long robbed;
    char name[16];        /* the lock's name lives here, not on a stack */
} __attribute__((aligned(CACHE_LINE)));

/* All helpers below: the caller holds fl->lock. */

static inline void set_length(struct freelist *fl, unsigned long n)
{
    /* Atomic so that a lock-free peek (kmem_steal's skip of empty lists) is well defined. */
    __atomic_store_n(&fl->length, n, __ATOMIC_RELAXED);
}

static inline void freelist_push(struct freelist *fl, struct run *r)
{
    r->next = fl->head;
    fl->head = r;
    set_length(fl, fl->length + 1);
}

static inline struct run *freelist_pop(struct freelist *fl)
{
    struct run *r = fl->head;
    if (r) {
        fl->head = r->next;
        set_length(fl, fl->length - 1);
    }
    return r;
}

/* Detaches the first n pages (n <= length) as a chain; *tail gets its last page. */
static inline struct run *freelist_cut(struct freelist *fl, unsigned long n, struct run **tail)
{
    struct run *first = fl->head, *last = first;
    for (unsigned long i = 1; i < n; i++)
        last = last->next;
    fl->head = last->next;
    last->next = 0;
    set_length(fl, fl->length - n);
    *tail = last;
    return first;
}

/* Prepends a chain of n pages from first to tail. */
static inline void freelist_splice(struct freelist *fl, struct run *first, struct run *tail,
                                   unsigned long n)
{
    tail->next = fl->head;
    fl->head = first;
    set_length(fl, fl->length + n);
}

#endif
