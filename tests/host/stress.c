/* Host stress test, meant for ThreadSanitizer: threads acting as harts run the seeded
   random operation mix of tests/harness/opmix.h, memory drains included. Every page's holder is
   recorded in an atomic table outside the pages, so a page handed out twice or freed by
   the wrong thread is caught the moment it happens; at the end the free count must be
   back. The kernel's soak suite runs the same mix on real harts with interrupts and IPIs;
   what this run adds is the race detector, which sees a data race even when it did no harm. */
#include <stdio.h>

#include "host_harts.h"
#include "kalloc.h"
#include "opmix.h"
#include "random.h"

#define POOL    64
#define FREE    0UL            /* owner[] value: in the allocator */
#define HELD(i) (1UL + (i))    /* held by hart i */
#define SENT(i) (1000UL + (i)) /* on its way to hart i */

struct page_link {
    struct page_link *next;
};

struct worker {
    void *pool[POOL];
    int held;
    unsigned long rng;
    struct page_link *inbox; /* lock-free stack; the owner takes it whole */
    unsigned long drains;
} __attribute__((aligned(64)));

static unsigned long *owner; /* per arena page */
static struct worker workers[KMEM_MAX_HARTS];
static unsigned long ops_each, errors;
static int nthreads;

/* Moves page p's owner from `from` to `to`; a mismatch is a bug in kmem. */
static void hand_over(void *p, unsigned long from, unsigned long to, const char *what)
{
    unsigned long *o = &owner[host_page_index(p)];
    unsigned long seen = from;
    if (!__atomic_compare_exchange_n(o, &seen, to, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        printf("%s: page %p owner %lu, expected %lu\n", what, p, seen, from);
        __atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
    }
}

static void *take(int me)
{
    void *p = kalloc();
    if (p)
        hand_over(p, FREE, HELD(me), "kalloc handed out a page already held");
    return p;
}

static void give(void *p, unsigned long state)
{
    hand_over(p, state, FREE, "kfree of a page not held");
    kfree(p);
}

static void drain_inbox(int me)
{
    struct page_link *p =
        __atomic_exchange_n(&workers[me].inbox, (struct page_link *)0, __ATOMIC_ACQUIRE);
    while (p) {
        struct page_link *next = p->next;
        give(p, SENT(me));
        p = next;
    }
}

/* Hands page p from hart `from` to hart `to` through to's inbox. Pushing needs no lock: the
   owner only ever takes the whole stack, so a CAS that succeeds links to the current head. */
static void send(struct page_link *p, int from, int to)
{
    hand_over(p, HELD(from), SENT(to), "send of a page not held");
    struct page_link *head = __atomic_load_n(&workers[to].inbox, __ATOMIC_RELAXED);
    do
        p->next = head;
    while (!__atomic_compare_exchange_n(&workers[to].inbox, &head, p, 1, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED));
}

/* Take every page there is, then give them all back; returns how many there were. */
static unsigned long drain_memory(int me)
{
    struct page_link *chain = 0;
    unsigned long taken = 0;
    void *p;
    while ((p = take(me)) != 0) {
        ((struct page_link *)p)->next = chain;
        chain = p;
        taken++;
    }
    while (chain) {
        struct page_link *next = chain->next;
        give(chain, HELD(me));
        chain = next;
    }
    return taken;
}

static void work(int me, void *arg)
{
    struct worker *w = &workers[me];
    w->rng = random_start(*(unsigned long *)arg, me);
    for (unsigned long op = 0; op < ops_each; op++) {
        unsigned long r = random_next(&w->rng);
        int slot = w->held ? (int)((r >> 10) % (unsigned long)w->held) : 0;
        switch (opmix_pick(r, 2)) {
        case OP_ALLOC:
            if (w->held < POOL) {
                void *p = take(me);
                if (p)
                    w->pool[w->held++] = p;
            }
            break;
        case OP_FREE:
            if (w->held > 0) {
                void *p = w->pool[slot];
                w->pool[slot] = w->pool[--w->held];
                give(p, HELD(me));
            }
            break;
        case OP_SEND:
            if (w->held > 0 && nthreads > 1) {
                struct page_link *p = w->pool[slot];
                w->pool[slot] = w->pool[--w->held];
                int to = (me + 1 + (int)((r >> 20) % (unsigned long)(nthreads - 1))) % nthreads;
                send(p, me, to);
            }
            break;
        case OP_DRAIN_MEMORY:
            drain_memory(me);
            w->drains++;
            break;
        case OP_FREE_ALL:
            while (w->held > 0)
                give(w->pool[--w->held], HELD(me));
            break;
        }
        if (op % OPMIX_INBOX_GAP == 0)
            drain_inbox(me);
    }
}

static void finish(int me, void *arg)
{
    (void)arg;
    drain_inbox(me);
    while (workers[me].held > 0)
        give(workers[me].pool[--workers[me].held], HELD(me));
}

/* The independent count: one thread takes every page there is, each checked free in the
   ownership table, and gives them back. All pages kmem had at boot must come back to one
   thread (a hart that cannot steal gets only its own list). */
static void final_drain(int me, void *arg)
{
    if (me == 0)
        *(unsigned long *)arg = drain_memory(me);
}

int main(int argc, char **argv)
{
    /* --ops is per thread: with the same seed each thread draws the same sequence of
       operations every run (what each one does then depends on what kalloc gives). */
    static const char *const known[] = {"threads", "ops", "seed", "pages", 0};
    host_options_check(argc, argv, known);
    nthreads = (int)host_option(argc, argv, "threads", 8);
    ops_each = host_option(argc, argv, "ops", 125000);
    unsigned long seed = host_option(argc, argv, "seed", 1);
    unsigned long pages = host_option(argc, argv, "pages", 2048);

    host_boot(nthreads, pages);
    static unsigned long table[1 << 20];
    if (pages > sizeof(table) / sizeof(table[0]))
        host_fail("at most %zu pages", sizeof(table) / sizeof(table[0]));
    owner = table;
    unsigned long before = kmem_free_count();

    host_on_harts(nthreads, work, &seed);
    host_on_harts(nthreads, finish, 0);
    unsigned long drained = 0;
    host_on_harts(nthreads, final_drain, &drained);

    unsigned long not_free = 0; /* the table's own count: every page must be back */
    for (unsigned long i = 0; i < pages; i++)
        not_free += owner[i] != FREE;
    if (not_free)
        host_fail("%lu pages are still held or on their way at the end", not_free);

    unsigned long drains = 0;
    for (int i = 0; i < nthreads; i++)
        drains += workers[i].drains;
    unsigned long after = kmem_free_count();
    printf("stress (%s): %d threads x %lu operations, seed %lu, %lu memory drains; free %lu "
           "before, %lu after; one thread then drained %lu of the %lu pages kmem had at boot; "
           "%lu errors\n",
           kmem_policy.name, nthreads, ops_each, seed, drains, before, after, drained,
           kmem_boot_pages(), errors);
    if (errors)
        host_fail("%lu ownership errors", errors);
    if (drained != kmem_boot_pages())
        host_fail("one thread drained %lu pages, but kmem had %lu at boot", drained,
                  kmem_boot_pages());
    if (after != before)
        host_fail("free count %lu after, %lu before", after, before);
    printf("stress OK\n");
    return 0;
}
