/* What happens to every page on its way out of and back into the free lists, whatever
   the policy: the bitmap check and the poisoning. Called outside any kmem lock. */
#ifndef KMEM_PAGE_LIFE_H
#define KMEM_PAGE_LIFE_H

#include "pagemap.h"
#include "poison.h"

/* The double-free check costs an atomic bit operation on each kalloc and kfree, on a
   bitmap all harts share. KMEM_DOUBLE_FREE_CHECK=0 (a benchmark kernel) leaves it out to
   measure that cost; the address checks stay. */
#ifndef KMEM_DOUBLE_FREE_CHECK
#define KMEM_DOUBLE_FREE_CHECK 1
#endif

/* kfree's first step: panics on a bad address or a double free, then poisons the page. */
static inline void page_leaving_use(void *pa)
{
    pagemap_check_address((unsigned long)pa);
    if (KMEM_DOUBLE_FREE_CHECK)
        pagemap_note_free((unsigned long)pa);
    poison_page(pa, POISON_FREED);
}

/* kalloc's last step for a page it got. */
static inline void page_entering_use(void *pa)
{
    if (KMEM_DOUBLE_FREE_CHECK)
        pagemap_note_alloc((unsigned long)pa);
    poison_page(pa, POISON_ALLOCATED);
}

#endif
