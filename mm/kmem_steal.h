/* The per-hart policy's two halves and what they share: kmem_perhart.c (each hart's own
   list: kalloc, kfree, set-up, statistics) and kmem_steal.c (taking from other harts'
   lists). Private to those two files. */
#ifndef KMEM_STEAL_H
#define KMEM_STEAL_H

#include "freelist.h"
#include "kalloc.h"

/* One list per hart index, lock "kmem.<index>"; kmem_nlists of them are in use. */
extern struct freelist kmem_lists[KMEM_MAX_HARTS];
extern int kmem_nlists;

/* Called with interrupts off and no kmem lock held, when mine (the caller's list) is
   empty: a page stolen from another list, or 0 once no page is free anywhere. */
struct run *kmem_steal(struct freelist *mine);

/* Set-up, before any hart allocates: nothing in flight. */
void kmem_steal_reset(void);

/* The policy descriptor's set_steal_max and set_hooks (kalloc.h). */
void kmem_steal_set_max(unsigned long pages);
#if KMEM_TEST_HOOKS
void kmem_steal_set_hooks(const struct kmem_hooks *h);
#else
#define kmem_steal_set_hooks 0 /* no hooks in this kernel */
#endif

#endif
