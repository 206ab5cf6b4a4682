/* The per-hart policy: each hart allocates from and frees to its own list under its own
   lock, so harts working on their own memory never touch each other's cache lines or
   locks. A hart whose list is empty steals a batch from another (kmem_steal.c). */
#include "kalloc.h"
#include "kmem_perhart.h"
#include "kmem_policy.h"
#include "page_life.h"
#include "panic.h"
#include "printf.h"
#include "push_off.h"

struct freelist kmem_lists[KMEM_MAX_HARTS];
int kmem_nlists;

/* Why kalloc never reports a false out-of-memory.

   A steal pass visits the other lists one at a time, so on its own it can miss pages:
   while it looks at list B, a batch may move from list C (not yet visited) to list A
   (already visited), and the pass ends empty-handed although pages were free all along.

   kmem_nfree counts every free page, wherever it is: it goes up in kfree and down in
   kalloc, each time while holding the lock of the list the page enters or leaves, and a
   steal leaves it alone (the pages stay free while they move). So kmem_nfree is never
   below the number of pages on the lists, and when it reads 0 no list holds a page and
   none is moving. A kalloc whose pass came back empty therefore returns 0 only if it then
   reads kmem_nfree == 0, and otherwise passes again. It cannot spin forever: pages in
   flight belong to a thief that runs with interrupts off and lands them within a few
   instructions, and every page it sees counted is on a list for the next pass to find.

   The counter is one cache line all harts write, with single atomic adds (amoadd.d) and no
   lock, so it adds no lock contention; tot is unaffected. */
unsigned long kmem_nfree;

const char *kmem_policy_name(void)
{
    return "perhart";
}

int kmem_checks_double_free(void)
{
    return KMEM_DOUBLE_FREE_CHECK;
}

int kmem_list_count(void)
{
    return kmem_nlists;
}

void policy_init(int nharts)
{
    kmem_nlists = nharts;
    for (int i = 0; i < nharts; i++) {
        snprintf(kmem_lists[i].name, sizeof(kmem_lists[i].name), "kmem.%d", i);
        initlock(&kmem_lists[i].lock, kmem_lists[i].name);
    }
}

void policy_seed(int index, struct range pages)
{
    freelist_seed(&kmem_lists[index], pages);
    kmem_nfree += range_pages(pages);
}

void *kalloc(void)
{
    /* The hart's identity is read with interrupts off: nothing can run between reading it
       and using this hart's list that might also use it. */
    push_off();
    struct freelist *mine = &kmem_lists[this_hart()->index];

    acquire(&mine->lock);
    struct run *r = freelist_pop(mine);
    if (r) {
        mine->allocs++;
        __atomic_sub_fetch(&kmem_nfree, 1, __ATOMIC_RELAXED);
    }
    release(&mine->lock);

    /* Own list empty: steal until a page is found or none is free anywhere. Only this
       hart adds pages to its own list, and interrupts are off, so it stays empty. */
    while (!r) {
        r = kmem_steal(mine);
        if (!r && __atomic_load_n(&kmem_nfree, __ATOMIC_RELAXED) == 0)
            break;
    }
    pop_off();

    if (r)
        page_entering_use(r);
    return r;
}

void kfree(void *pa)
{
    page_leaving_use(pa);

    push_off();
    struct freelist *mine = &kmem_lists[this_hart()->index];
    acquire(&mine->lock);
    freelist_push(mine, (struct run *)pa);
    mine->frees++;
    __atomic_add_fetch(&kmem_nfree, 1, __ATOMIC_RELAXED);
    release(&mine->lock);
    pop_off();
}

unsigned long kmem_free_count(void)
{
    return __atomic_load_n(&kmem_nfree, __ATOMIC_RELAXED);
}

void kmem_stats(int hart_index, struct kmem_hart_stats *out)
{
    if (hart_index < 0 || hart_index >= kmem_nlists)
        panic("kmem_stats: no list for hart index %d", hart_index);
    struct freelist *fl = &kmem_lists[hart_index];
    acquire(&fl->lock);
    *out = (struct kmem_hart_stats){fl->length, fl->allocs, fl->frees,
                                    fl->steals, fl->stolen, fl->robbed};
    release(&fl->lock);
}
