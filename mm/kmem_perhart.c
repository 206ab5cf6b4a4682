/* The per-hart policy: each hart allocates from and frees to its own list under its own
   lock, so harts working on their own memory never take each other's locks. A hart whose
   list is empty steals a batch from another hart's list.

   Lock order: a thief never holds two kmem locks. It takes the victim's lock, cuts the
   batch off, releases it, and only then takes its own lock to store the batch; so two
   harts stealing from each other cannot deadlock. */
#include "clock.h"
#include "freelist.h"
#include "intr.h"
#include "kalloc.h"
#include "kmem_mutant.h"
#include "kmem_policy.h"
#include "page_check.h"
#include "panic.h"
#include "printf.h"
#include "push_off.h"
#include "watchdog.h"

/* One list per hart index; a hart allocates from and frees to its own. */
static struct freelist kmem_lists[KMEM_MAX_HARTS];
static int kmem_nlists;

/* Why kalloc never reports a false out-of-memory.

   A steal pass visits the other lists one at a time, so on its own it can miss pages:
   while it looks at list B, a batch may move from list C (not yet visited) to list A
   (already visited), and the pass ends empty-handed although pages were free all along.

   kmem_nfree counts every free page, wherever it is: it goes up in kfree and down when
   kalloc takes a page (take_page), each time while holding the lock of the list the page
   enters or leaves, and a steal leaves it alone (the pages stay free while they move). So
   kmem_nfree is never below the number of pages on the lists, and when it reads 0 no list
   holds a page and none is moving. A kalloc whose pass came back empty therefore returns 0
   only if it then reads kmem_nfree == 0, and otherwise passes again. It cannot spin
   forever: pages in flight belong to a thief that runs with interrupts off and lands them
   within a few instructions, and every page it sees counted is on a list for the next pass
   to find.

   The counter is one cache line all harts write, with single atomic adds (amoadd.d) and no
   lock, so it adds no lock contention; tot is unaffected. */
static unsigned long kmem_nfree;

/* How many pages to take from a victim holding `length`: half of them, so both harts keep
   a share and the next steal is far off for both, but at most steal_max (KMEM_STEAL_MAX,
   64 pages = 256 KiB), because the victim's lock is held while the batch is walked and one
   thief should not hoard what many may soon need; and at least one, or the last page could
   never be stolen. */
#ifndef KMEM_STEAL_MAX
#define KMEM_STEAL_MAX 64
#endif
static unsigned long steal_max = KMEM_STEAL_MAX;

static unsigned long steal_batch(unsigned long length)
{
    unsigned long n = length / 2;
    if (n > steal_max)
        n = steal_max;
    if (n == 0)
        n = length;
    return n;
}

static void set_steal_max(unsigned long pages)
{
    steal_max = pages ? pages : 1;
}

/* Test kernels (KMEM_TEST_HOOKS) let a test stop a hart at two points of the steal path,
   to set up the races of "Why kalloc never reports a false out-of-memory" on purpose. */
#if KMEM_TEST_HOOKS
static struct kmem_hooks hooks;
#define HOOK(point)                                                                                \
    do {                                                                                           \
        if (hooks.point)                                                                           \
            hooks.point();                                                                         \
    } while (0)

static void install_hooks(const struct kmem_hooks *h)
{
    hooks = h ? *h : (struct kmem_hooks){0, 0};
}
#else
#define HOOK(point)   ((void)0)
#define install_hooks 0 /* no hooks in this kernel */
#endif

const struct kmem_policy kmem_policy = {
    .name = "perhart",
    .lists = KMEM_LISTS_PER_HART,
    .checks_double_free = KMEM_DOUBLE_FREE_CHECK,
    .set_steal_max = set_steal_max,
    .set_hooks = install_hooks,
};

void policy_init(int nharts)
{
    kmem_nlists = nharts;
    kmem_nfree = 0;
    for (int i = 0; i < nharts; i++) {
        kmem_lists[i] = (struct freelist){.head = 0}; /* kmem_init may run again on a host */
        snprintf(kmem_lists[i].name, sizeof(kmem_lists[i].name), "kmem.%d", i);
        initlock(&kmem_lists[i].lock, kmem_lists[i].name);
    }
}

void policy_seed(int index, struct range pages)
{
    freelist_seed(&kmem_lists[index], pages);
    kmem_nfree += range_pages(pages);
}

/* A page off fl for the calling kalloc, counted out of kmem_nfree; 0 if fl is empty.
   The caller holds fl->lock. */
static struct run *take_page(struct freelist *fl)
{
    struct run *r = freelist_pop(fl);
    if (r) {
        fl->allocs++;
        __atomic_sub_fetch(&kmem_nfree, 1, __ATOMIC_RELAXED);
    }
    return r;
}

/* Called with interrupts off and no kmem lock held, when thief's list is empty: moves a
   batch from another hart's list to thief's, and returns one page of it, or 0 if one pass
   found every list empty. Out of line: inlined, it would make every kalloc save all the
   registers the steal loop uses, steal or not. */
static struct run *__attribute__((noinline)) steal(struct freelist *thief)
{
    int me = (int)(thief - kmem_lists);

    /* Start after the thief and wrap round, so thieves spread over different victims. */
    for (int k = 1; k < kmem_nlists; k++) {
        struct freelist *victim = &kmem_lists[(me + k) % kmem_nlists];

        /* A lock-free peek skips empty lists without touching their locks; a stale answer
           only costs a pass, which kalloc's rescan rule repeats while pages exist. */
        if (__atomic_load_n(&victim->length, __ATOMIC_RELAXED) == 0 && !MUTANT(steal_holding_own))
            continue;

        if (MUTANT(steal_holding_own))
            acquire(&thief->lock);
        acquire(&victim->lock);
        struct batch batch;
        unsigned long n = freelist_cut(victim, steal_batch(victim->length), &batch);
        if (n)
            victim->robbed++;
        release(&victim->lock);
        if (!n) {
            if (MUTANT(steal_holding_own))
                release(&thief->lock);
            continue;
        }

        /* The pages are in flight now: still counted in kmem_nfree, on no list. */
        HOOK(in_flight);
        if (!MUTANT(steal_holding_own))
            acquire(&thief->lock);
        freelist_splice(thief, &batch);
        thief->steals++;
        thief->stolen += n;
        struct run *r = take_page(thief);
        release(&thief->lock);
        return r;
    }
    return 0;
}

/* The calling hart's list. Its identity must be read with interrupts off: nothing can run
   between reading it and using the list that might also use it. Checked, as Linux's debug
   smp_processor_id() does, because getting it wrong works almost always; the release preset
   leaves the check out (KMEM_CHECK_IDENTITY). */
#ifndef KMEM_CHECK_IDENTITY
#define KMEM_CHECK_IDENTITY 1
#endif

static struct freelist *my_list(const char *who)
{
    if (KMEM_CHECK_IDENTITY && intr_get())
        panic("%s: hart identity read with interrupts on (hart index %d)", who, this_hart()->index);
    return &kmem_lists[this_hart()->index];
}

/* kalloc's rescan found nothing `passes` times in a row while kmem_nfree said pages were
   free. Pages in flight land within a few instructions, so a hart that has seen none for
   as long as the lock watchdog's bound is looking for pages that were lost: stop the run
   saying so, instead of spinning for ever. since: as for watchdog_spinning. */
static unsigned long __attribute__((noinline)) starving(unsigned long passes, unsigned long since)
{
    if (passes % 256 != 0)
        return since;
    unsigned long now = clock_ticks(), bound = watchdog_bound_ms();
    if (!since)
        return now;
    if (bound && now - since > clock_ms_to_ticks(bound))
        panic("kalloc: for %lu ms the free count has said %lu pages are free, but %lu passes "
              "over every list found none (pages lost?)",
              bound, __atomic_load_n(&kmem_nfree, __ATOMIC_RELAXED), passes);
    return since;
}

void *kalloc(void)
{
    struct freelist *mine = MUTANT(identity_intr_on) ? my_list("kalloc") : 0;
    push_off();
    if (!mine)
        mine = my_list("kalloc");

    acquire(&mine->lock);
    struct run *r = take_page(mine);
    release(&mine->lock);

    /* Own list empty: steal until a page is found or none is free anywhere. Only this
       hart adds pages to its own list, and interrupts are off, so it stays empty. */
    int may_steal = !MUTANT(no_steal) && !(MUTANT(hart0_never_steals) && this_hart()->index == 0);
    unsigned long passes = 0, since = 0;
    while (!r && may_steal) {
        r = steal(mine);
        if (r)
            break;
        HOOK(empty_pass);
        if (MUTANT(one_pass) || __atomic_load_n(&kmem_nfree, __ATOMIC_RELAXED) == 0)
            break;
        since = starving(++passes, since);
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
    struct freelist *mine = my_list("kfree");
    if (!MUTANT(kfree_no_lock))
        acquire(&mine->lock);
    freelist_push(mine, (struct run *)pa);
    mine->frees++;
    if (!MUTANT(nfree_not_updated))
        __atomic_add_fetch(&kmem_nfree, 1, __ATOMIC_RELAXED);
    if (!MUTANT(kfree_no_lock))
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
