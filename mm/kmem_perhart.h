/* State shared by the per-hart policy's files (kmem_perhart.c, kmem_steal.c). */
#ifndef KMEM_PERHART_H
#define KMEM_PERHART_H

#include "freelist.h"

/* One list per hart index; a hart allocates from and frees to its own. */
extern struct freelist kmem_lists[KMEM_MAX_HARTS];
extern int kmem_nlists;

/* Pages on all lists plus pages moving between lists; see kalloc's comment. */
extern unsigned long kmem_nfree;

/* Called with interrupts off and no kmem lock held, when thief's list is empty: moves a
   batch from another hart's list to thief's, and returns one page of it for the caller
   (already counted out of kmem_nfree), or 0 if one pass found every list empty. */
struct run *kmem_steal(struct freelist *thief);

#endif
