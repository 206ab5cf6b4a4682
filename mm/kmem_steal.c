/* Stealing: a hart whose list is empty takes a batch of pages from another hart's list.
   Lock order: a thief never holds two kmem locks. It takes the victim's lock, cuts the
   batch off, releases it, and only then takes its own lock to store the batch; so two
   harts stealing from each other cannot deadlock. */
#include "kmem_perhart.h"

#ifndef KMEM_STEAL_MAX
#define KMEM_STEAL_MAX 64
#endif

/* How many pages to take from a victim holding `length`: half of them, so both harts keep
   a share and the next steal is far off for both, but at most KMEM_STEAL_MAX (64 pages,
   256 KiB), because the victim's lock is held while the batch is walked and one thief
   should not hoard what many may soon need; and at least one, or the last page could never
   be stolen. */
static unsigned long steal_batch(unsigned long length)
{
    unsigned long n = length / 2;
    if (n > KMEM_STEAL_MAX)
        n = KMEM_STEAL_MAX;
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
        unsigned long n = steal_batch(victim->length);
        struct run *first = 0, *tail = 0;
        if (n) {
            first = freelist_cut(victim, n, &tail);
            victim->robbed++;
        }
        release(&victim->lock);
        if (!first)
            continue;

        /* The pages are in flight now: still counted in kmem_nfree, on no list. */
        acquire(&thief->lock);
        if (n > 1)
            freelist_splice(thief, first->next, tail, n - 1);
        thief->steals++;
        thief->stolen += n;
        thief->allocs++;
        __atomic_sub_fetch(&kmem_nfree, 1, __ATOMIC_RELAXED);
        release(&thief->lock);
        first->next = 0;
        return first;
    }
    return 0;
}
