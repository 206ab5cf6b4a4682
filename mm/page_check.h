/* The page checks, whatever the policy: what happens to every page on its way out of and
   back into the free lists. kfree refuses an address kmem never handed out and a double
   free (the page bitmap, pagemap.c); pages are poisoned on both ways, as xv6 does, so a use
   after free or a read of uninitialised memory shows a recognisable pattern instead of
   plausible data. Called outside any kmem lock. */
#ifndef KMEM_PAGE_CHECK_H
#define KMEM_PAGE_CHECK_H

#include "kalloc.h"
#include "kmem_mutant.h"
#include "pagemap.h"
#include "string.h"

/* The double-free check costs an atomic bit operation on each kalloc and kfree, on a
   bitmap all harts share. KMEM_DOUBLE_FREE_CHECK=0 (a benchmark kernel) leaves it out to
   measure that cost; the address checks stay. */
#ifndef KMEM_DOUBLE_FREE_CHECK
#define KMEM_DOUBLE_FREE_CHECK 1
#endif

/* Poisoning costs two 4 KiB writes per alloc/free pair; KMEM_POISON=OFF (the release
   preset) leaves it out. */
#ifndef KMEM_POISON
#define KMEM_POISON 1
#endif

#define POISON_FREED     0x01
#define POISON_ALLOCATED 0x05

static inline void poison_page(void *pa, int byte)
{
    if (KMEM_POISON)
        memset(pa, byte, PGSIZE);
}

/* kfree's first step, the address check, in two parts so that kfree needs no stack frame:
   the inline one (pagemap.h) accepts nearly every good address, and kfree sends anything
   else out of line, by a tail call, to a function of its own that makes the full check
   (page_check_elsewhere, which panics on a bad address) and then frees as kfree does. A
   call that returned into kfree instead would make it save and restore registers on every
   call, 6 instructions. Each policy writes what kfree does once the address is known good
   as `static inline __attribute__((always_inline)) void kfree_checked(void *pa)` and
   defines kfree around it with PAGE_CHECKED_KFREE(kfree_checked). */
static inline int page_address_plain(void *pa)
{
    return pagemap_address_plain((unsigned long)pa);
}

static inline void page_check_elsewhere(void *pa)
{
    pagemap_check_elsewhere((unsigned long)pa);
}

#define PAGE_CHECKED_KFREE(checked)                                                                \
    static void __attribute__((noinline)) kfree_elsewhere(void *pa)                                \
    {                                                                                              \
        page_check_elsewhere(pa);                                                                  \
        checked(pa);                                                                               \
    }                                                                                              \
                                                                                                   \
    void kfree(void *pa)                                                                           \
    {                                                                                              \
        if (!page_address_plain(pa)) {                                                             \
            kfree_elsewhere(pa);                                                                   \
            return;                                                                                \
        }                                                                                          \
        checked(pa);                                                                               \
    }

/* kfree's next step, once the address is known good: panics on a double free, then
   poisons the page. */
static inline void page_leaving_use(void *pa)
{
    if (KMEM_DOUBLE_FREE_CHECK && !MUTANT(no_double_free_check))
        pagemap_note_free((unsigned long)pa);
    poison_page(pa, POISON_FREED);
}

/* kalloc's last step for a page it got. */
static inline void page_entering_use(void *pa)
{
    if (KMEM_DOUBLE_FREE_CHECK && !MUTANT(no_double_free_check))
        pagemap_note_alloc((unsigned long)pa);
    poison_page(pa, POISON_ALLOCATED);
}

#endif
