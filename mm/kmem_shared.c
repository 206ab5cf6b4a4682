/* The shared baseline: xv6's original design, one free list behind one lock named "kmem"
   for all harts. Kept so that the "before" picture can be measured in the same kernel
   with the same counters (KMEM_POLICY=shared). */

/* No timeline (lib/trace.h): its one lock is on every call's fast path, and this baseline
   has no traced copy of it (kmem_perhart.c has one). The hooks are compiled out. */
#undef KMEM_TRACE_LOCKS
#define KMEM_TRACE_LOCKS 0
#include "kalloc.h"
#include "freelist.h"
#include "kmem_policy.h"
#include "page_check.h"
#include "panic.h"
#include "push_off.h"

static struct freelist kmem;

/* Per-hart counters, guarded by kmem.lock like the list itself. */
static struct kmem_hart_stats per_hart[KMEM_MAX_HARTS];
static int nharts;

const struct kmem_policy kmem_policy = {
    .name = "shared",
    .lists = KMEM_LISTS_ONE,
    .checks_double_free = KMEM_DOUBLE_FREE_CHECK,
    .set_steal_max = 0, /* one list: nothing is ever stolen */
};

void policy_init(int n)
{
    nharts = n;
    kmem = (struct freelist){.head = 0}; /* kmem_init may run again on a host */
    for (int i = 0; i < n; i++)
        per_hart[i] = (struct kmem_hart_stats){0, 0, 0, 0, 0, 0, 0};
    initlock(&kmem.lock, "kmem");
}

void policy_seed(int index, struct range pages)
{
    (void)index; /* one list for everybody */
    freelist_seed(&kmem, pages);
}

void *kalloc(void)
{
    push_off(); /* interrupts stay off until pop_off, so the index is stable */
    __acquire(&kmem.lock);
    struct run *r = freelist_pop(&kmem);
    if (r)
        per_hart[this_hart()->index].allocs++;
    __release(&kmem.lock);
    pop_off();

    if (r)
        page_entering_use(r);
    return r;
}

static inline __attribute__((always_inline)) void kfree_checked(void *pa)
{
    page_leaving_use(pa);

    push_off();
    __acquire(&kmem.lock);
    freelist_push(&kmem, (struct run *)pa);
    per_hart[this_hart()->index].frees++;
    __release(&kmem.lock);
    pop_off();
}

PAGE_CHECKED_KFREE(kfree_checked) /* kfree: the address check, then the above */

void kmem_hart_idle(void)
{
    /* Nothing: every free page is on the one list. */
}

/* Exact while no kalloc or kfree runs; a lock-free glance otherwise. */
unsigned long kmem_free_count(void)
{
    unsigned long removes = load_once(kmem.removes);
    return load_once(kmem.adds) - removes;
}

void kmem_stats(int hart_index, struct kmem_hart_stats *out)
{
    if (hart_index < 0 || hart_index >= nharts)
        panic("kmem_stats: no hart index %d", hart_index);
    acquire(&kmem.lock);
    *out = per_hart[hart_index];
    out->length = freelist_length(&kmem);
    release(&kmem.lock);
}
