/* "crossfree": producer/consumer pairs. Producers allocate, consumers free, so producers'
   lists run dry and refill only by stealing, and consumers' lists grow and get robbed.
   Pages travel through a one-producer one-consumer ring per pair and carry their
   producer's stamp, checked before the free; the free count must be unchanged at the end. */
#include "clock.h"
#include "harness.h"
#include "kmem_table.h"
#include "kalloc.h"
#include "on_harts.h"
#include "options.h"
#include "pagechain.h"
#include "printf.h"

#define RING_SLOTS 128 /* pages in flight per pair, at most */

struct ring {
    struct page_note *slot[RING_SLOTS];
    unsigned long head; /* written by the producer only */
    unsigned long tail; /* written by the consumer only */
} __attribute__((aligned(CACHE_LINE)));

/* A producer waits for memory at most this long (other producers may hold some, but
   never all of it for long); longer means kalloc keeps saying 0 with pages free. */
#define STARVED_MS 5000

static struct ring rings[KMEM_MAX_HARTS / 2];
static unsigned long pages_each;
static unsigned long bad, waits;
static int starved; /* a producer gave up; every consumer stops too */

static void produce(struct ring *r, unsigned long stamp)
{
    for (unsigned long i = 0; i < pages_each; i++) {
        struct page_note *p;
        unsigned long deadline = clock_ticks() + clock_ms_to_ticks(STARVED_MS);
        while ((p = kalloc()) == 0) {
            __atomic_add_fetch(&waits, 1, __ATOMIC_RELAXED); /* others hold all memory */
            if (clock_ticks() > deadline || __atomic_load_n(&starved, __ATOMIC_RELAXED)) {
                __atomic_store_n(&starved, 1, __ATOMIC_RELAXED);
                return;
            }
        }
        p->self = (unsigned long)p;
        p->owner = stamp;
        while (r->head - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE) == RING_SLOTS)
            ;
        r->slot[r->head % RING_SLOTS] = p;
        __atomic_store_n(&r->head, r->head + 1, __ATOMIC_RELEASE);
    }
}

static void consume(struct ring *r, unsigned long stamp)
{
    for (unsigned long i = 0; i < pages_each; i++) {
        while (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) == r->tail) {
            if (__atomic_load_n(&starved, __ATOMIC_RELAXED) &&
                __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) == r->tail)
                return;
        }
        struct page_note *p = r->slot[r->tail % RING_SLOTS];
        __atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);
        if (p->self != (unsigned long)p || p->owner != stamp)
            __atomic_add_fetch(&bad, 1, __ATOMIC_RELAXED);
        kfree(p);
    }
}

static void pair_up(void *arg)
{
    (void)arg;
    int rank = on_harts_rank();
    int pair = rank / 2;
    if (pair >= on_harts_count() / 2)
        return; /* the odd one out */
    struct ring *r = &rings[pair];
    unsigned long stamp = 0xc0de0000UL + (unsigned long)pair;
    if (rank % 2 == 0)
        produce(r, stamp);
    else
        consume(r, stamp);
}

static int crossfree_run(void)
{
    if (hart_count() < 2)
        return suite_skip("needs 2 harts (a producer and a consumer)");
    pages_each = option("cross_pages");
    bad = waits = 0;
    starved = 0;
    for (int i = 0; i < hart_count() / 2; i++)
        rings[i].head = rings[i].tail = 0;
    unsigned long before = kmem_free_count();
    unsigned long steals_before = kmem_steals_total();

    on_all_harts(pair_up, 0);

    unsigned long steals_after = kmem_steals_total();
    printf("crossfree: %d pairs x %lu pages; %lu steals; free %lu before, %lu after\n",
           hart_count() / 2, pages_each, steals_after - steals_before, before, kmem_free_count());
    if (bad)
        return suite_fail("%lu pages arrived with a wrong stamp", bad);
    if (starved)
        return suite_fail("a producer got no page for %d ms with %lu free", STARVED_MS,
                          kmem_free_count());
    return check_free_count(before);
}

SUITE(crossfree, .name = "crossfree", .summary = "pages allocated on one hart, freed on another",
      .standard = 1, .run = crossfree_run);
