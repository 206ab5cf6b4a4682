/* The reference model. Single-threaded: the "harts" are switched with host_become. */
#include <stdio.h>
#include <stdlib.h>

#include "host_harts.h"
#include "kalloc.h"
#include "model.h"
#include "pagemap.h"

#define MAX_PAGES (1UL << 16)
#define HELD_MAX  MAX_PAGES

static unsigned char is_free[MAX_PAGES]; /* by arena page index */
static unsigned char is_ours[MAX_PAGES]; /* pages kmem manages */
static unsigned long nfree, universe;
static void *held[KMEM_MAX_HARTS][256]; /* pages each hart holds (most recent last) */
static int nheld[KMEM_MAX_HARTS];
static int harts_in_model;

static void disagree(const char *what, unsigned long a, unsigned long b)
{
    printf("model: %s (%lu vs %lu)\n", what, a, b);
    fflush(stdout);
    abort();
}

static void check_counts(void)
{
    if (kmem_free_count() != nfree)
        disagree("kmem_free_count differs from the model", kmem_free_count(), nfree);
    unsigned long sum = 0;
    struct kmem_hart_stats st;
    for (int i = 0; i < kmem_list_count(); i++) {
        kmem_stats(i, &st);
        sum += st.length + st.cached;
    }
    if (sum != nfree)
        disagree("the lists' and caches' lengths do not add up to the free count", sum, nfree);
}

/* Free pages in the caches of harts other than `hart` (the cached policy keeps them out of
   its reach: what kalloc's 0 means there, mm/kmem_cached.c); 0 under the other policies. */
static unsigned long cached_elsewhere(int hart)
{
    unsigned long n = 0;
    struct kmem_hart_stats st;
    for (int i = 0; i < kmem_list_count(); i++) {
        kmem_stats(i, &st);
        n += i == hart ? 0 : st.cached;
    }
    return n;
}

static void *alloc_on(int hart)
{
    host_become(hart);
    void *p = kalloc();
    if (!p) {
        if (nfree != cached_elsewhere(hart))
            disagree("kalloc returned 0 with pages free outside other harts' caches (false out "
                     "of memory)",
                     cached_elsewhere(hart), nfree);
        return 0;
    }
    unsigned long i = host_page_index(p);
    if (!is_ours[i] || !is_free[i])
        disagree("kalloc returned a page that is not free", i, is_ours[i]);
    is_free[i] = 0;
    nfree--;
    return p;
}

static void free_on(int hart, void *p)
{
    host_become(hart);
    kfree(p);
    unsigned long i = host_page_index(p);
    is_free[i] = 1;
    nfree++;
}

void model_init(int nharts)
{
    harts_in_model = nharts;
    unsigned long pages = (host_ram_end() - host_ram_start()) / PGSIZE;
    if (pages > MAX_PAGES)
        disagree("arena larger than the model", pages, MAX_PAGES);
    /* A fresh start (host_boot again): nothing held, nothing known. */
    for (int h = 0; h < KMEM_MAX_HARTS; h++)
        nheld[h] = 0;
    /* kmem's page bitmap takes the arena's first pages (one bit per page, host_boot's
       arena being one range); every other page is free, none handed out yet, so the
       allocator starts with all of them as never-used ranges still to be carved. */
    unsigned long bitmap_pages = ((pages + 63) / 64 * 8 + PGSIZE - 1) / PGSIZE;
    universe = 0;
    for (unsigned long i = 0; i < pages; i++) {
        is_ours[i] = is_free[i] = i >= bitmap_pages;
        universe += is_ours[i];
        /* kfree's inline address check takes every page of a one-range arena: the full
           check out of line is for addresses in gaps between ranges, and there are none. */
        unsigned long pa = host_ram_start() + i * PGSIZE;
        if (is_ours[i] && !pagemap_address_plain(pa))
            disagree("kfree's inline address check sends a page with no gap near it to the "
                     "full check",
                     i, pagemap.gaps_size);
    }
    nfree = universe;
    if (universe != kmem_boot_pages())
        disagree("kmem's boot pages differ from the arena less its bitmap", kmem_boot_pages(),
                 universe);
    check_counts();
}

static void drop_held(int hart, int slot)
{
    held[hart][slot] = held[hart][--nheld[hart]];
}

void model_step(int hart, unsigned int op, unsigned long pick)
{
    hart %= harts_in_model;
    switch (op % 8) {
    case 0:
    case 1:
    case 2:
    case 3: {
        void *p = alloc_on(hart);
        if (p && nheld[hart] < 256)
            held[hart][nheld[hart]++] = p;
        else if (p)
            free_on(hart, p);
        break;
    }
    case 4:
    case 5:
        if (nheld[hart]) {
            int slot = (int)(pick % (unsigned long)nheld[hart]);
            void *p = held[hart][slot];
            drop_held(hart, slot);
            free_on(hart, p);
        }
        break;
    case 6:
        if (nheld[hart]) {
            int slot = (int)(pick % (unsigned long)nheld[hart]);
            void *p = held[hart][slot];
            drop_held(hart, slot);
            unsigned long other = ((unsigned long)hart + 1 + (pick >> 8)) % harts_in_model;
            free_on((int)other, p);
        }
        break;
    case 7: {
        void *chain = 0, *p;
        while ((p = alloc_on(hart)) != 0) {
            *(void **)p = chain;
            chain = p;
        }
        check_counts();
        while (chain) {
            void *next = *(void **)chain;
            free_on(hart, chain);
            chain = next;
        }
        break;
    }
    }
    check_counts();
}

void model_release_all(void)
{
    for (int h = 0; h < harts_in_model; h++) {
        while (nheld[h])
            model_step(h, 4, 0);
    }
    if (nfree != universe)
        disagree("pages missing after releasing everything", nfree, universe);
    check_counts();
}

unsigned long model_free_pages(void)
{
    return nfree;
}

unsigned long model_universe(void)
{
    return universe;
}
