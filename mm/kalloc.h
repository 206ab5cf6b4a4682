/* kmem's public interface: 4096-byte physical pages, allocated and freed from any hart. */
#ifndef KMEM_KALLOC_H
#define KMEM_KALLOC_H

#include "fdt.h"

#define PGSIZE         4096UL
#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(PGSIZE - 1))

/* Per-hart figures. Under the shared policy there is one list, so length is the total
   and the steal figures stay 0. */
struct kmem_hart_stats {
    unsigned long length; /* pages on this hart's list now */
    unsigned long allocs; /* kalloc calls on this hart that returned a page */
    unsigned long frees;  /* kfree calls on this hart */
    unsigned long steals; /* times this hart, its list empty, took a batch from another */
    unsigned long stolen; /* pages it took in those steals */
    unsigned long robbed; /* times another hart took a batch from this hart's list */
};

/* Boot hart, before any other hart runs: every page of RAM from image_end on, less the
   reserved regions, goes onto the free lists, spread evenly over all harts. */
void kmem_init(const struct machine_info *machine, unsigned long image_end);

/* One page, or 0 only when no page is free anywhere. Never panics for lack of memory. */
void *kalloc(void);

/* Gives back a page from kalloc. Panics ("kfree: ...") on an address kmem does not manage,
   one that is not page-aligned, and on a double free. */
void kfree(void *pa);

unsigned long kmem_free_count(void); /* pages free now, on all lists */
unsigned long kmem_boot_pages(void); /* pages put on the lists by kmem_init */
unsigned long kmem_ram_pages(void);  /* pages of RAM the device tree lists */
void kmem_stats(int hart_index, struct kmem_hart_stats *out);
int kmem_list_count(void);          /* lists kept: hart_count(), 1, or 0 if not known */
const char *kmem_policy_name(void); /* "perhart" or "shared" */
int kmem_checks_double_free(void);  /* 0 in a KMEM_DOUBLE_FREE_CHECK=0 kernel */

/* The most pages one steal takes (KMEM_STEAL_MAX unless changed; boot option steal_max),
   so that batch stealing can be measured against one page at a time. Before harts run. */
void kmem_set_steal_max(unsigned long pages);

#endif
