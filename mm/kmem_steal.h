/* The per-hart lists and what uses them: kmem_lists.c (set-up, statistics), kmem_steal.c
   (taking from other harts' lists), and the two policies built on them, kmem_perhart.c
   (kalloc and kfree on the hart's own list) and kmem_cached.c (a page cache in front of
   it). Private to mm/. */
#ifndef KMEM_STEAL_H
#define KMEM_STEAL_H

#include "freelist.h"
#include "intr.h"
#include "kalloc.h"
#include "panic.h"
#include "push_off.h"

/* One list per hart index, lock "kmem.<index>"; kmem_nlists of them are in use. */
extern struct freelist kmem_lists[KMEM_MAX_HARTS];
extern int kmem_nlists;

/* The calling hart, as kalloc and kfree read it. Its identity must be read with
   interrupts off: nothing can run between reading it and using the hart's list (or cache)
   that might also use it. Checked, as Linux's debug smp_processor_id() does, because
   getting it wrong works almost always; the release preset leaves the check out
   (KMEM_CHECK_INTR, push_off.h). */
static inline struct hart *kmem_this_hart(const char *who)
{
    if (KMEM_CHECK_INTR && intr_get())
        panic("%s: hart identity read with interrupts on (hart index %d)", who, this_hart()->index);
    return this_hart();
}

/* Boot hart, before any other hart runs: nharts empty lists, each hart's kmem_list set. */
void kmem_lists_init(int nharts);

/* kmem_stats for one hart's list (kalloc.h): its length and counters. */
void kmem_list_stats(int hart_index, struct kmem_hart_stats *out);

/* The pages on the lists and in flight: exact while no kalloc or kfree runs (the tests'
   use); a lock-free glance otherwise. */
unsigned long kmem_lists_free(void);

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
