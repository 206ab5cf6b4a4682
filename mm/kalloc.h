/* kmem's public interface: 4096-byte physical pages, allocated and freed from any hart. */
#ifndef KMEM_KALLOC_H
#define KMEM_KALLOC_H

#include "fdt.h"

#define PGSIZE         4096UL
#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(PGSIZE - 1))

/* Per-hart figures. Under the shared policy there is one list, so length is the total
   and the steal figures stay 0; only the cached policy has per-hart caches. */
struct kmem_hart_stats {
    unsigned long length; /* pages on this hart's list now */
    unsigned long allocs; /* kalloc calls on this hart that returned a page */
    unsigned long frees;  /* kfree calls on this hart */
    unsigned long steals; /* times this hart, its list empty, took a batch from another */
    unsigned long stolen; /* pages it took in those steals */
    unsigned long robbed; /* times another hart took a batch from this hart's list */
    unsigned long cached; /* pages in this hart's page cache now (cached policy) */
};

/* Boot hart, before any other hart runs: every page of RAM from image_end on, less the
   reserved regions, goes onto the free lists, spread evenly over all harts. */
void kmem_init(const struct machine_info *machine, unsigned long image_end);

/* One page, or 0 only when no page is free anywhere. Never panics for lack of memory. */
void *kalloc(void);

/* Gives back a page from kalloc. Panics ("kfree: ...") on an address kmem does not manage,
   one that is not page-aligned, and on a double free. */
void kfree(void *pa);

/* The calling hart stops allocating for a while: its work is done, it hands work to
   others, or it stops. A policy that keeps free pages where only their hart can take them
   (cached's page caches) puts them back where any hart can; the others do nothing. Called
   by the dispatcher (lib/kernel/on_harts.c), never inside a kmem call. */
void kmem_hart_idle(void);

unsigned long kmem_free_count(void); /* pages free now, on all lists and in all caches */
unsigned long kmem_boot_pages(void); /* pages put on the lists by kmem_init */
unsigned long kmem_ram_pages(void);  /* pages of RAM the device tree lists */
void kmem_stats(int hart_index, struct kmem_hart_stats *out);

/* How a policy keeps its free pages, for reports that show them per list. */
enum kmem_lists {
    KMEM_LISTS_OPAQUE,   /* not kmem's to show (lab mode: the lists are the lab file's) */
    KMEM_LISTS_ONE,      /* one list for all harts (the shared baseline) */
    KMEM_LISTS_PER_HART, /* one list per hart index, locks "kmem.<index>" */
};

/* Test kernels only (KMEM_TEST_HOOKS): functions kmem calls at two points of the steal
   path, on the hart that is there, with interrupts off and no kmem lock held. A hook may
   wait for another hart, which is how a test makes a race happen every run. */
struct kmem_hooks {
    void (*in_flight)(void);  /* a thief has cut a batch off its victim, not yet landed */
    void (*empty_pass)(void); /* a kalloc pass over every other list found no page */
};

/* What a policy is, as constants: each policy (mm/kmem_perhart.c, mm/kmem_cached.c,
   mm/kmem_shared.c, lab
   mode's tests/labmode/xv6_adapter.c) defines the one kmem_policy of its kernel. */
struct kmem_policy {
    const char *name;       /* "perhart", "cached", "shared" or "xv6-lab" */
    enum kmem_lists lists;  /* how kmem_stats' lengths are to be read */
    int checks_double_free; /* kfree panics on a double free (0 in a benchmark kernel) */
    /* Sets the most pages one steal takes (boot option steal_max; KMEM_STEAL_MAX unless
       changed), so batch stealing can be measured against one page at a time. Called
       while no other hart allocates. 0 for a policy that never steals. */
    void (*set_steal_max)(unsigned long pages);
    /* Installs the hooks (0: none) while harts are idle; 0 in a kernel without them. */
    void (*set_hooks)(const struct kmem_hooks *h);
    /* The cached policy's tunables (boot options cache_batch, cache_high; 0 keeps one):
       returns 0, or -1 with a message if the pair breaks the rule kmem_cached.c states.
       Called while no other hart allocates. 0 for a policy with no caches. */
    int (*set_cache)(unsigned long batch, unsigned long high);
    /* The most free pages one hart's cache can hold where no other hart can take them
       (its high water; 0 without caches): what a kalloc's 0 may leave in each other cache. */
    unsigned long (*cache_held_max)(void);
    /* 1: the kernel records a timeline when the boot option trace asks (lib/trace.h). */
    int traces;
    /* kalloc and kfree with the timeline's hooks in their fast paths, which trace_start's
       caller redirects kalloc and kfree to (text_redirect); 0 where the fast paths record
       nothing or the hooks test trace_on themselves, off the fast path (cached). */
    void *(*traced_kalloc)(void);
    void (*traced_kfree)(void *pa);
};
extern const struct kmem_policy kmem_policy;

/* Lists kmem_stats reports on: hart_count(), 1, or 0 if they are not kmem's. */
static inline int kmem_list_count(void)
{
    if (kmem_policy.lists == KMEM_LISTS_PER_HART)
        return hart_count();
    return kmem_policy.lists == KMEM_LISTS_ONE;
}

#endif
