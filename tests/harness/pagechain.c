/* Page chains for the memory tests. */
#include "pagechain.h"
#include "harness.h"
#include "kalloc.h"
#include "on_harts.h"

void chain_init(struct pagechain *c)
{
    c->head = 0;
    c->count = 0;
}

unsigned long chain_take(struct pagechain *c, unsigned long limit, unsigned long owner)
{
    unsigned long taken = 0;
    while (taken < limit) {
        struct page_note *p = kalloc();
        if (!p)
            break;
        ((volatile char *)p)[PGSIZE - 1] = 1; /* touch the whole page's extent */
        p->self = (unsigned long)p;
        p->owner = owner;
        p->next = c->head;
        c->head = p;
        c->count++;
        taken++;
    }
    return taken;
}

unsigned long chain_bad_pages(const struct pagechain *c, unsigned long owner)
{
    unsigned long bad = 0, seen = 0;
    /* Bounded by the count: a corrupted link must not send the walk round forever. */
    for (const struct page_note *p = c->head; p && seen < c->count; p = p->next, seen++) {
        if (p->self != (unsigned long)p || p->owner != owner)
            bad++;
    }
    return bad + (c->count - seen);
}

unsigned long chain_give(struct pagechain *c, unsigned long limit)
{
    unsigned long given = 0;
    while (c->head && given < limit) {
        struct page_note *p = c->head;
        c->head = p->next;
        c->count--;
        kfree(p);
        given++;
    }
    return given;
}

unsigned long countfree(void)
{
    struct pagechain c;
    chain_init(&c);
    unsigned long n = chain_take(&c, ~0UL, 0);
    chain_give(&c, ~0UL);
    return n;
}

static void countfree_body(void *result)
{
    *(unsigned long *)result = countfree();
}

unsigned long countfree_on(int index)
{
    unsigned long result = 0;
    on_hart(index, countfree_body, &result);
    return result;
}

static struct pagechain *each_hart_chains;

static void take_here(void *arg)
{
    (void)arg;
    chain_take(&each_hart_chains[this_hart()->index], ~0UL, 0);
}

unsigned long chain_take_on_each_hart(struct pagechain *chains)
{
    unsigned long total = 0;
    each_hart_chains = chains;
    for (int i = 0; i < hart_count(); i++) {
        chain_init(&chains[i]);
        on_hart(i, take_here, 0);
        total += chains[i].count;
    }
    return total;
}

int check_free_count(unsigned long before)
{
    unsigned long after = kmem_free_count();
    if (after != before)
        return suite_fail("free count %lu after the run, %lu before: pages lost or made up", after,
                          before);
    return 0;
}

unsigned long cached_out_of_reach(int n)
{
    return kmem_policy.cache_held_max ? (unsigned long)n * kmem_policy.cache_held_max() : 0;
}
