/* "soak": the seeded random operation mix of opmix.h on every hart at once. Every live
   page carries a stamp naming its holder, in the page itself; a page found with someone
   else's stamp was handed out twice or written by someone else. At the end all pages are
   back and the free count is what it was. What the host stress program (tests/host/
   stress.c) runs too, but here on real harts: kalloc/kfree with interrupts off, IPIs and
   QEMU's memory model; the host run adds ThreadSanitizer and memory drains. */
#include "harness.h"
#include "kalloc.h"
#include "on_harts.h"
#include "options.h"
#include "pagechain.h"
#include "opmix.h"
#include "printf.h"
#include "random.h"

#define POOL 32          /* pages a hart holds at most */
#define SENT (1UL << 40) /* stamp of a page in another hart's inbox: SENT | receiver */

struct soaker {
    struct page_note *pool[POOL];
    int held;
    unsigned long rng;
    struct page_note *inbox; /* pages other harts sent here; a lock-free stack */
    unsigned long bad;
} __attribute__((aligned(CACHE_LINE)));

static struct soaker soakers[KMEM_MAX_HARTS];
static unsigned long ops_each;

static void check_and_free(struct soaker *me, struct page_note *p, unsigned long stamp)
{
    if (p->self != (unsigned long)p || p->owner != stamp)
        me->bad++;
    kfree(p);
}

/* Pushing needs no lock: a receiver only ever takes the whole stack at once, so a CAS that
   succeeds always links to the current head. */
static void send(int to, struct page_note *p)
{
    struct soaker *dst = &soakers[to];
    p->owner = SENT | (unsigned long)to;
    struct page_note *head = __atomic_load_n(&dst->inbox, __ATOMIC_RELAXED);
    do
        p->next = head;
    while (
        !__atomic_compare_exchange_n(&dst->inbox, &head, p, 1, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

static void drain_inbox(struct soaker *me, int index)
{
    struct page_note *p = __atomic_exchange_n(&me->inbox, (struct page_note *)0, __ATOMIC_ACQUIRE);
    while (p) {
        struct page_note *next = p->next;
        check_and_free(me, p, SENT | (unsigned long)index);
        p = next;
    }
}

static void free_pool_slot(struct soaker *me, int slot, int index)
{
    struct page_note *p = me->pool[slot];
    me->pool[slot] = me->pool[--me->held];
    check_and_free(me, p, (unsigned long)index);
}

static void soak_body(void *arg)
{
    unsigned long seed = *(unsigned long *)arg;
    int index = this_hart()->index, n = hart_count();
    struct soaker *me = &soakers[index];
    me->rng = random_start(seed, index);

    for (unsigned long op = 0; op < ops_each; op++) {
        unsigned long r = random_next(&me->rng);
        int slot = me->held ? (int)((r >> 10) % (unsigned long)me->held) : 0;
        switch (opmix_pick(r, 0)) {
        case OP_ALLOC:
            if (me->held < POOL) {
                struct page_note *p = kalloc();
                if (p) {
                    p->self = (unsigned long)p;
                    p->owner = (unsigned long)index;
                    me->pool[me->held++] = p;
                }
            }
            break;
        case OP_FREE:
            if (me->held > 0)
                free_pool_slot(me, slot, index);
            break;
        case OP_SEND:
            if (me->held > 0 && n > 1) {
                struct page_note *p = me->pool[slot];
                me->pool[slot] = me->pool[--me->held];
                int to = (int)((unsigned long)(index + 1) + (r >> 20) % (unsigned long)(n - 1)) % n;
                send(to, p);
            }
            break;
        case OP_DRAIN_MEMORY: /* not drawn with weight 0 */
        case OP_FREE_ALL:
            while (me->held > 0)
                free_pool_slot(me, 0, index);
            break;
        }
        if (op % OPMIX_INBOX_GAP == 0)
            drain_inbox(me, index);
        if (index == 0)
            suite_progress(op + 1, ops_each);
    }
    on_harts_barrier(); /* nobody sends any more */
    drain_inbox(me, index);
    while (me->held > 0)
        free_pool_slot(me, 0, index);
}

static int soak_run(void)
{
    unsigned long seed = option("seed");
    unsigned long total = option("soak_ops");
    int n = hart_count();
    ops_each = (total + (unsigned long)n - 1) / (unsigned long)n;
    for (int i = 0; i < n; i++)
        soakers[i] = (struct soaker){.held = 0};
    unsigned long before = kmem_free_count();

    on_all_harts(soak_body, &seed);

    unsigned long bad = 0;
    for (int i = 0; i < n; i++)
        bad += soakers[i].bad;
    printf("soak: seed %lu, %lu operations on %d harts; %lu bad stamps; free %lu before, "
           "%lu after\n",
           seed, ops_each * (unsigned long)n, n, bad, before, kmem_free_count());
    if (bad)
        return suite_fail("%lu pages handed out twice or overwritten", bad);
    return check_free_count(before);
}

SUITE(soak, .name = "soak", .summary = "seeded random alloc/free/send mix, ownership checked",
      .standard = 1, .run = soak_run);
