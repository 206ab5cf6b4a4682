/* Stealing: a hart whose list is empty takes a batch of pages from another hart's list.
   Lock order: a thief never holds two kmem locks. It takes the victim's lock, cuts the
   batch off, releases it, and only then takes its own lock to store the batch; so two
   harts stealing from each other cannot deadlock. */
#include "kmem_perhart.h"

#ifndef KMEM_STEAL_MAX
#define KMEM_STEAL_MAX 64
#endif

static unsigned long steal_max = KMEM_STEAL_MAX;

void kmem_set_steal_max(unsigned long pages)
{
    steal_max = pages ? pages : 1;
}

/* How many pages to take from a victim holding `length`: half of them, so both harts keep
   a share and the next steal is far off for both, but at most KMEM_STEAL_MAX (64 pages,
   256 KiB), because the victim's lock is held while the batch is walked and one thief
   should not hoard what many may soon need; and at least one, or the last page could never
   be stolen. */
static unsigned long steal_batch(unsigned long length)
{
    unsigned long n = length / 2;
    if (n > steal_max)
        n = steal_max;
    if (n == 0)
        n = length;
    return n;
}

struct run *kmem_steal(struct freelist *thief)
{
    int me = (int)(thief - kmem_lists);

    /* Start after the thief and wrap round, so thieves spread over different victims. */
    for (int k = 1; k < kmem_nlists; k++) {
        struct freelist *victim = &kmem_lists[(me + k) % kmem_nlists];

        /* A lock-free peek skips empty lists without touching their locks; a stale answer
           only costs a pass, which kalloc's rescan rule repeats while pages exist. */
        if (__atomic_load_n(&victim->length, __ATOMIC_RELAXED) == 0)
            continue;

        acquire(&victim->lock);
        struct batch batch;
        unsigned long n = freelist_cut(victim, steal_batch(victim->length), &batch);
        if (n)
            victim->robbed++;
        release(&victim->lock);
        if (!n)
            continue;

        /* The pages are in flight now: still counted in kmem_nfree, on no list. */
        acquire(&thief->lock);
        freelist_splice(thief, &batch);
        struct run *r = freelist_pop(thief);
        thief->steals++;
        thief->stolen += n;
        thief->allocs++;
        __atomic_sub_fetch(&kmem_nfree, 1, __ATOMIC_RELAXED);
        release(&thief->lock);
        return r;
    }
    return 0;
}
