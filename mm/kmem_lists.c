/* The per-hart lists the two per-hart policies keep: kmem_perhart.c allocates from them
   directly, kmem_cached.c through a page cache in front of each. One list and one lock
   "kmem.<index>" per hart; their set-up at boot and their statistics. */
#include "kmem_steal.h"
#include "kmem_policy.h"
#include "printf.h"

struct freelist kmem_lists[KMEM_MAX_HARTS];
int kmem_nlists;

void kmem_lists_init(int nharts)
{
    kmem_nlists = nharts;
    kmem_steal_reset();
    for (int i = 0; i < nharts; i++) {
        kmem_lists[i] = (struct freelist){.head = 0}; /* kmem_init may run again on a host */
        snprintf(kmem_lists[i].name, sizeof(kmem_lists[i].name), "kmem.%d", i);
        initlock(&kmem_lists[i].lock, kmem_lists[i].name);
        hart_by_index(i)->kmem_list = &kmem_lists[i];
    }
}

void policy_seed(int index, struct range pages)
{
    freelist_seed(&kmem_lists[index], pages);
}

/* allocs and frees are derived, so the fast path keeps one counter per operation: a
   list's removes are its kallocs' pages plus what thieves cut off it (chains a thief
   detached whole included), and its adds are its kfrees plus boot seeding plus landed
   batches (each less the page the thief took) plus what thieves handed back. A thief's
   steals are kallocs too. (Under the cached policy the list's kallocs and kfrees are its
   cache's refills and drains, page by page; kmem_cached.c adds the cache's side.) */
void kmem_list_stats(int hart_index, struct kmem_hart_stats *out)
{
    if (hart_index < 0 || hart_index >= kmem_nlists)
        panic("kmem_stats: no list for hart index %d", hart_index);
    struct freelist *fl = &kmem_lists[hart_index];
    acquire(&fl->lock);
    unsigned long landed = fl->stolen - fl->steals;
    *out = (struct kmem_hart_stats){
        .length = freelist_length(fl),
        .allocs = fl->removes - fl->robbed_pages - fl->returned + fl->steals,
        .frees = fl->adds - fl->seeded - landed - fl->returned,
        .steals = fl->steals,
        .stolen = fl->stolen,
        .robbed = fl->robbed,
    };
    release(&fl->lock);
}
