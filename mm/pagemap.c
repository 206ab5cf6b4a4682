/* The page bitmap. Bit = 1: the page is on a free list (or moving between lists).
   Bits change with atomic fetch_or/fetch_and (amoor.d/amoand.d), so two harts freeing the
   same page at once cannot both succeed: exactly one sees the bit already set. */
#include "pagemap.h"
#include "kalloc.h"
#include "memmap.h"
#include "panic.h"
#include "string.h"

#define BITS_PER_WORD 64

static struct range managed[MEMMAP_MAX_RANGES];
static int nmanaged;
static unsigned long span_start, span_end; /* lowest and highest managed address */
static unsigned long *bits;                /* one bit per page of [span_start, span_end) */
static unsigned long bitmap_bytes;
static unsigned long kernel_end_addr, ram_end_addr;

void pagemap_init(struct range *usable, int n, unsigned long image_end, unsigned long ram_end)
{
    if (n <= 0)
        panic("pagemap_init: no usable memory");
    if (n > MEMMAP_MAX_RANGES)
        panic("pagemap_init: %d ranges, at most %d", n, MEMMAP_MAX_RANGES);
    kernel_end_addr = image_end;
    ram_end_addr = ram_end;
    span_start = usable[0].start;
    span_end = usable[n - 1].end;

    unsigned long npages = (span_end - span_start) / PGSIZE;
    unsigned long bytes = PGROUNDUP((npages + BITS_PER_WORD - 1) / BITS_PER_WORD * 8);
    int home = -1;
    for (int i = 0; i < n && home < 0; i++) {
        if (usable[i].end - usable[i].start > bytes)
            home = i;
    }
    if (home < 0)
        panic("pagemap_init: no range can hold the %lu-byte page bitmap", bytes);
    bits = (unsigned long *)usable[home].start;
    bitmap_bytes = bytes;
    usable[home].start += bytes;
    memset(bits, 0, bytes);

    for (int i = 0; i < n; i++)
        managed[i] = usable[i];
    nmanaged = n;
}

static int is_managed(unsigned long pa)
{
    for (int i = 0; i < nmanaged; i++) {
        if (pa >= managed[i].start && pa < managed[i].end)
            return 1;
    }
    return 0;
}

static unsigned long *word_of(unsigned long pa, unsigned long *mask)
{
    unsigned long page = (pa - span_start) / PGSIZE;
    *mask = 1UL << (page % BITS_PER_WORD);
    return &bits[page / BITS_PER_WORD];
}

/* Bits of pages in holes are set too, harmlessly: kfree checks is_managed first. */
void pagemap_seed_all_free(void)
{
    memset(bits, 0xff, bitmap_bytes);
}

void pagemap_check_address(unsigned long pa)
{
    if (pa % PGSIZE != 0)
        panic("kfree: %p is not page-aligned", (void *)pa);
    if (pa < kernel_end_addr)
        panic("kfree: %p lies below the end of the kernel image (%p)", (void *)pa,
              (void *)kernel_end_addr);
    if (pa >= ram_end_addr)
        panic("kfree: %p is at or past the end of RAM (%p)", (void *)pa, (void *)ram_end_addr);
    if (!is_managed(pa))
        panic("kfree: %p is not a page kmem hands out (reserved memory or the page bitmap)",
              (void *)pa);
}

void pagemap_note_free(unsigned long pa)
{
    unsigned long mask;
    unsigned long *w = word_of(pa, &mask);
    if (__atomic_fetch_or(w, mask, __ATOMIC_RELAXED) & mask)
        panic("kfree: double free of %p", (void *)pa);
}

void pagemap_note_alloc(unsigned long pa)
{
    unsigned long mask;
    unsigned long *w = word_of(pa, &mask);
    if (!(__atomic_fetch_and(w, ~mask, __ATOMIC_RELAXED) & mask))
        panic("kalloc: page %p was handed out while in use (free list corrupted)", (void *)pa);
}
