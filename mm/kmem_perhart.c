/* The per-hart policy: each hart allocates from and frees to its own list under its own
   lock, so harts working on their own memory never write each other's cache lines. A hart
   whose list is empty steals a batch from another hart's list (kmem_steal.c). */

/* The lock hooks of a timeline (lib/trace.h) are compiled out of this file, the fast path:
   a kernel that records one runs a second copy of it compiled with them
   (KMEM_TRACED_COPY, cmake/KmemKernel.cmake), to which trace_start's caller redirects
   kalloc and kfree (kmem_policy.traced_kalloc). So recording off costs no instruction. */
#undef KMEM_TRACE_LOCKS
#if KMEM_TRACED_COPY
#define KMEM_TRACE_LOCKS 2
#else
#define KMEM_TRACE_LOCKS 0
#endif
#include "kmem_steal.h"
#include "freelist.h"
#include "kalloc.h"
#include "kmem_mutant.h"
#include "kmem_policy.h"
#include "page_check.h"
#include "push_off.h"

#if KMEM_HAS_TRACED_COPY && !KMEM_TRACED_COPY
void *kmem_traced_kalloc(void);
void kmem_traced_kfree(void *pa);
#endif

const struct kmem_policy kmem_policy = {
    .name = "perhart",
    .lists = KMEM_LISTS_PER_HART,
    .checks_double_free = KMEM_DOUBLE_FREE_CHECK,
    .set_steal_max = kmem_steal_set_max,
    .set_hooks = kmem_steal_set_hooks,
#if KMEM_HAS_TRACED_COPY && !KMEM_TRACED_COPY
    .traces = 1,
    .traced_kalloc = kmem_traced_kalloc,
    .traced_kfree = kmem_traced_kfree,
#endif
};

void policy_init(int nharts)
{
    kmem_lists_init(nharts);
}

void kmem_hart_idle(void)
{
    /* Nothing: every free page is on a list any hart can steal from. */
}

unsigned long kmem_free_count(void)
{
    return kmem_lists_free();
}

void kmem_stats(int hart_index, struct kmem_hart_stats *out)
{
    kmem_list_stats(hart_index, out);
}

/* The calling hart's list (interrupts off: kmem_this_hart). */
static inline struct freelist *my_list(const char *who)
{
    return kmem_this_hart(who)->kmem_list;
}

/* kalloc's and kfree's fast path is this hart's own lock, taken with one swap, and its own
   list: it writes nothing another hart writes (the lock and the list share one cache line
   no other hart touches until it steals). Anything else (the lock busy, the list empty)
   goes out of line, as a tail call: a call the fast path returned from would make it save
   and restore the registers live across it, about a fifth of its cost. */
static void *__attribute__((noinline)) kalloc_slow(struct freelist *mine, int own_list_empty)
{
    struct run *r = 0;
    if (!own_list_empty) { /* the lock was busy */
        spin_until_taken(&mine->lock);
        r = freelist_pop(mine);
        freelist_unlock(mine);
    }
    /* Own list empty: steal. Only this hart frees onto its own list, and interrupts are
       off; a thief may still hand back pages to it (hand_back), which kmem_steal looks
       for before every census. */
    if (!r)
        r = kmem_steal(mine);
    if (!r)
        TRACE(TRACE_OOM, (unsigned long)(mine - kmem_lists), 0);
    pop_off();
    if (r)
        page_entering_use(r);
    return r;
}

void *kalloc(void)
{
    struct freelist *mine = MUTANT(identity_intr_on) ? my_list("kalloc") : 0;
    push_off();
    if (!mine)
        mine = my_list("kalloc");

    if (!__acquire_fast(&mine->lock))
        return kalloc_slow(mine, 0);
    struct run *r = freelist_pop(mine);
    freelist_unlock(mine);
    if (!r)
        return kalloc_slow(mine, 1);
    pop_off();

    page_entering_use(r);
    return r;
}

static void __attribute__((noinline)) kfree_contended(struct freelist *mine, struct run *r)
{
    spin_until_taken(&mine->lock);
    freelist_push(mine, r);
    freelist_unlock(mine);
    pop_off();
}

static inline __attribute__((always_inline)) void kfree_checked(void *pa)
{
    page_leaving_use(pa);

    push_off();
    struct freelist *mine = my_list("kfree");
    if (MUTANT(kfree_no_lock)) {
        freelist_push(mine, (struct run *)pa);
        pop_off();
        return;
    }
    if (!__acquire_fast(&mine->lock)) {
        kfree_contended(mine, (struct run *)pa);
        return;
    }
    freelist_push(MUTANT(kfree_wrong_list) ? kmem_lists + (mine - kmem_lists + 1) % kmem_nlists
                                           : mine,
                  (struct run *)pa);
    freelist_unlock(mine);
    pop_off();
}

PAGE_CHECKED_KFREE(kfree_checked) /* kfree: the address check, then the above */
