/* The cached policy: the per-hart lists and their stealing (kmem_lists.c, kmem_steal.c)
   with a page cache in front of each list, an array of free pages its hart alone touches,
   with interrupts off and no lock, as Linux's per-CPU page lists (per_cpu_pages: count,
   high, batch) and Bonwick and Adams' magazines do. kalloc and kfree touch only the
   cache; the list's lock is taken once a batch, to refill an empty cache or drain a full
   one, so the lab's lock is still the only lock and #acquire() counts every take. */
#include "kmem_steal.h" /* the lists, freelist.h and kalloc.h */
#include "kmem_cached.h"
#include "intr.h"
#include "kmem_mutant.h"
#include "kmem_policy.h"
#include "page_check.h"
#include "panic.h"
#include "printf.h"

/* What kalloc's 0 means here, with no lock on the fast path.

   A cache's pages are its hart's alone: no other hart reads or writes its pages[], since
   taking from it would need a lock or an atomic instruction on the owner's fast path,
   which is what the cache is there to do without. So they are out of other harts' reach,
   as pages their hart has allocated are. A kalloc that finds its cache, its own list and
   every other list empty, with nothing in flight (kmem_steal.c's census, exact as argued
   there), returns 0, while other harts' caches may still hold pages. What 0 means under
   this policy, then: at one instant during the call, every free page was in the cache of
   another hart that was still allocating, at most `high` pages each. Two rules keep that
   the only difference from perhart's meaning:
     - a cache never holds more than high pages: kfree drains a batch when it is full;
     - a hart that stops allocating empties its cache onto its list (kmem_hart_idle: the
       dispatcher calls it when a hart's work ends, on the boot hart before it hands out
       work, and before a hart stops), so no page waits in the cache of a hart that is
       not coming back for it. A hart alone on the machine (sbrkmuch, the lab's
       countfree) gets every free page, as under perhart.
   The schedule explorer checks the sentence as written (tests/explore, explore_cached): a
   0 is false unless, at some step of the call, every page was held by a hart, taken or
   being freed, or in the cache of another hart that had not finished. */

/* The tunables, Linux's pcp->batch and pcp->high (boot options cache_batch, cache_high).
   batch: pages a refill takes from the hart's list, and a drain gives back, in one hold
     of its lock: the lock (a swap, a release, the list's cache line) is paid once a batch.
     Both walk the batch link by link under the lock, while a thief may be waiting for
     it: 16 pages, a quarter of a steal's most (KMEM_STEAL_MAX).
   high: kfree drains when the cache holds high pages, the coldest batch first. At least
     2 * batch, so that after a drain (high - batch left) or a refill (batch - 1 left) a
     batch of kfrees or kallocs passes before the next of either: a hart that frees and
     allocates in bursts of up to a batch touches no lock. And high bounds what other
     harts cannot reach (above): 4 batches, 64 pages, 256 KiB a hart. */
#ifndef KMEM_CACHE_BATCH
#define KMEM_CACHE_BATCH 16
#endif
#ifndef KMEM_CACHE_HIGH
#define KMEM_CACHE_HIGH 64
#endif
#define CACHE_MAX 128 /* the most high may be set to: the size of pages[] */
_Static_assert(KMEM_CACHE_HIGH >= 2 * KMEM_CACHE_BATCH && KMEM_CACHE_HIGH <= CACHE_MAX,
               "KMEM_CACHE_HIGH breaks the rule above");

/* Every field is written by its hart alone, with interrupts off (plain stores); other
   harts read top and frees for reports only (store_owned/load_owned). The cache's ends are
   pointers, as a magazine's rounds are: the fast paths then compare and index without
   turning a count into an address. */
struct pagecache {
    void **top;             /* the next free slot: pages[0 .. top - pages) are cached */
    void **full;            /* pages + high: kfree drains when top reaches it */
    unsigned long batch;    /* pages a refill takes, and a drain gives back */
    unsigned long frees;    /* kfree calls on this hart (kallocs are derived: kmem_stats) */
    struct freelist *list;  /* this hart's list: where refills come from and drains go */
    void *pages[CACHE_MAX]; /* the most recently freed last, just below top */
} __attribute__((aligned(CACHE_LINE)));

static inline unsigned long cached_pages(const struct pagecache *pc)
{
    return (unsigned long)(load_owned(pc->top) - pc->pages);
}

static struct pagecache caches[KMEM_MAX_HARTS];
static unsigned long cache_batch = KMEM_CACHE_BATCH, cache_high = KMEM_CACHE_HIGH;

/* The tunables into one cache: while its hart is idle, or at boot. */
static void set_limits(struct pagecache *pc)
{
    pc->batch = cache_batch;
    pc->full = pc->pages + cache_high;
}

static int set_cache(unsigned long batch, unsigned long high)
{
    batch = batch ? batch : cache_batch;
    high = high ? high : cache_high;
    if (high < 2 * batch || high > CACHE_MAX) {
        printf("cache_high=%lu with cache_batch=%lu: high must be at least 2 * batch and at "
               "most %d\n",
               high, batch, CACHE_MAX);
        return -1;
    }
    cache_batch = batch;
    cache_high = high;
    for (int i = 0; i < kmem_nlists; i++) /* a fuller cache drains at its next kfree */
        set_limits(&caches[i]);
    return 0;
}

static unsigned long cache_held_max(void)
{
    return cache_high;
}

const struct kmem_policy kmem_policy = {
    .name = "cached",
    .lists = KMEM_LISTS_PER_HART,
    .checks_double_free = KMEM_DOUBLE_FREE_CHECK,
    .set_steal_max = kmem_steal_set_max,
    .set_hooks = kmem_steal_set_hooks,
    .set_cache = set_cache,
    .cache_held_max = cache_held_max,
    .traces = KMEM_TRACE_LOCKS == 1, /* its fast paths take no lock: nothing to redirect */
};

void policy_init(int nharts)
{
    kmem_lists_init(nharts);
    for (int i = 0; i < nharts; i++) {
        caches[i] = (struct pagecache){.list = &kmem_lists[i]};
        caches[i].top = caches[i].pages;
        set_limits(&caches[i]);
        hart_by_index(i)->kmem_cache = &caches[i];
    }
}

/* Interrupts are off while a hart touches its cache: an interrupt handler on the same
   hart that allocated would find it half-updated, and the hart's identity must not change
   between reading it and using the cache. The fast paths turn them off and back on
   themselves, keeping the previous state in a register (Linux's local_irq_save around
   its per-CPU lists), rather than through push_off's nesting count in struct hart: the
   count is for a lock taken in one function and released in another, and through it the
   pair took 62 instructions, not 38 (-icount, double-free check off). Nesting is still
   right: a kalloc called with interrupts off (inside a push_off section, or a lock held)
   finds them off and leaves them off. */
static inline int cache_enter(void)
{
    return intr_off_was_on();
}

static inline void cache_leave(int was_on)
{
    if (KMEM_CHECK_INTR && intr_get())
        panic("kmem_cached: interrupts came on inside kalloc or kfree (hart index %d)",
              this_hart()->index);
    if (was_on)
        intr_on();
}

/* The calling hart's cache (interrupts off: kmem_this_hart). */
static inline struct pagecache *my_cache(const char *who)
{
    return kmem_this_hart(who)->kmem_cache;
}

/* Moves the n coldest pages (the bottom of the stack) onto the hart's list in one hold
   of its lock, and the rest down. Interrupts off, on the cache's own hart. */
static void drain(struct pagecache *pc, unsigned long n)
{
    struct freelist *fl = pc->list;
    unsigned long left = (unsigned long)(pc->top - pc->pages) - n;
    TRACE(TRACE_DRAIN, (unsigned long)(fl - kmem_lists), 0);
    if (!MUTANT(drain_no_lock))
        __acquire(&fl->lock);
    freelist_push_many(fl, pc->pages, n);
    store_owned(pc->top, pc->pages + left); /* in the same hold: see kalloc_refill */
    if (!MUTANT(drain_no_lock))
        freelist_unlock(fl);
    for (unsigned long i = 0; i < left; i++) /* only this hart reads pages[] */
        pc->pages[i] = pc->pages[n + i];
    TRACE(TRACE_DRAINED, (unsigned long)(fl - kmem_lists), n);
}

/* The fast paths' cold branches, out of line and reached by a tail call, as in
   kmem_perhart.c. An empty cache takes a batch from the hart's list; an empty list, a
   page stolen from another hart's (whose batch lands on this hart's list, for the next
   refill). */
static void *__attribute__((noinline)) kalloc_refill(struct pagecache *pc, int was_on)
{
    struct freelist *fl = pc->list;
    TRACE(TRACE_REFILL, (unsigned long)(fl - kmem_lists), 0);
    __acquire(&fl->lock);
    unsigned long n = freelist_pop_many(fl, pc->pages, pc->batch);
    /* The batch leaves the list and enters the cache in one hold of the lock: a page is
       counted on the one or in the other at every instant (kmem_free_count, and the
       explorer's ghost, which otherwise saw a batch on neither and called a 0 false). */
    if (n)
        store_owned(pc->top, pc->pages + n - 1 - (MUTANT(refill_drops_page) && n > 1));
    freelist_unlock(fl);
    TRACE(TRACE_REFILLED, (unsigned long)(fl - kmem_lists), n);
    void *r = n ? pc->pages[n - 1] : kmem_steal(fl);
    if (!r)
        TRACE(TRACE_OOM, (unsigned long)(fl - kmem_lists), 0);
    cache_leave(was_on);
    if (r)
        page_entering_use(r);
    return r;
}

/* The fast path: the top of the cache, with interrupts off and nothing shared written. */
void *kalloc(void)
{
    int was_on = cache_enter();
    struct pagecache *pc = my_cache("kalloc");
    void **top = pc->top;
    if (__builtin_expect(top == pc->pages, 0))
        return kalloc_refill(pc, was_on);
    void *r = top[-1];
    if (MUTANT(intr_early_leave))
        cache_leave(was_on);
    store_owned(pc->top, top - 1);
    if (!MUTANT(intr_early_leave))
        cache_leave(was_on);

    page_entering_use(r);
    return r;
}

static void __attribute__((noinline)) kfree_drain(struct pagecache *pc, void *pa, int was_on)
{
    /* down to a batch below high (further, if cache_high was lowered meanwhile) */
    drain(pc, (unsigned long)(pc->top - pc->full) + pc->batch);
    *pc->top = pa;
    store_owned(pc->top, pc->top + 1);
    cache_leave(was_on);
}

static inline __attribute__((always_inline)) void kfree_checked(void *pa)
{
    page_leaving_use(pa);

    int was_on = cache_enter();
    struct pagecache *pc = my_cache("kfree");
    store_owned(pc->frees, pc->frees + 1);
    void **top = pc->top;
    if (__builtin_expect(top >= pc->full + MUTANT(cache_over_high), 0)) {
        kfree_drain(pc, pa, was_on);
        return;
    }
    *top = pa;
    store_owned(pc->top, top + 1);
    cache_leave(was_on);
}

PAGE_CHECKED_KFREE(kfree_checked) /* kfree: the address check, then the above */

void kmem_hart_idle(void)
{
    if (MUTANT(no_idle_drain))
        return;
    int was_on = cache_enter();
    struct pagecache *pc = my_cache("kmem_hart_idle");
    if (pc && pc->top != pc->pages) /* pc is 0 before kmem_init */
        drain(pc, (unsigned long)(pc->top - pc->pages) - MUTANT(idle_drain_leaves_one));
    cache_leave(was_on);
}

unsigned long kmem_cached_pages(int index)
{
    return cached_pages(&caches[index]);
}

unsigned long kmem_free_count(void)
{
    unsigned long n = kmem_lists_free();
    for (int i = 0; i < kmem_nlists; i++)
        n += cached_pages(&caches[i]);
    return n;
}

/* The list's kallocs and kfrees (kmem_list_stats) are this cache's refills and drains,
   page by page; the cache holds what came in (refills, kfrees) less what went out
   (kallocs, drains), so its kallocs are the list's plus its kfrees less the list's kfrees
   and what it holds. Exact while its hart does not allocate. */
void kmem_stats(int hart_index, struct kmem_hart_stats *out)
{
    kmem_list_stats(hart_index, out);
    const struct pagecache *pc = &caches[hart_index];
    out->cached = cached_pages(pc);
    unsigned long frees = load_owned(pc->frees);
    out->allocs = out->allocs + frees - out->frees - out->cached;
    out->frees = frees;
}
