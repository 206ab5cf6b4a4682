/* The page bitmap. Bit = 1: the page is on a free list (or moving between lists). The
   per-page checks are inline in pagemap.h; this file sets the map up and reports. */
#include "pagemap.h"
#include "kalloc.h"
#include "memmap.h"
#include "panic.h"
#include "string.h"

#define BITS_PER_WORD 64

struct pagemap pagemap;

static struct range managed[MEMMAP_MAX_RANGES];
static int nmanaged;
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
    unsigned long npages = (usable[n - 1].end - usable[0].start) / PGSIZE;
    unsigned long bytes = PGROUNDUP((npages + BITS_PER_WORD - 1) / BITS_PER_WORD * 8);
    int home = -1;
    for (int i = 0; i < n && home < 0; i++) {
        if (usable[i].end - usable[i].start > bytes)
            home = i;
    }
    if (home < 0)
        panic("pagemap_init: no range can hold the %lu-byte page bitmap", bytes);
    unsigned long *bits = (unsigned long *)usable[home].start;
    bitmap_bytes = bytes;
    usable[home].start += bytes;
    memset(bits, 0, bytes);

    /* The ranges come sorted and disjoint (memmap_usable): the gaps lie from the end of
       the first to the start of the last. */
    pagemap = (struct pagemap){.span_start = usable[0].start,
                               .span_size = usable[n - 1].end - usable[0].start,
                               .bits = bits,
                               .gaps_start = usable[0].end,
                               .gaps_size = n > 1 ? usable[n - 1].start - usable[0].end : 0};
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

/* Bits of pages in holes are set too, harmlessly: kfree refuses those pages first. */
void pagemap_seed_all_free(void)
{
    memset(pagemap.bits, 0xff, bitmap_bytes);
}

/* An address kfree must refuse: panics with what is wrong with it. */
static void __attribute__((noreturn, cold)) pagemap_bad_address(unsigned long pa)
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
    panic("pagemap_bad_address: %p is a page kmem hands out", (void *)pa);
}

void pagemap_check_elsewhere(unsigned long pa)
{
    if (pa % PGSIZE != 0 || !is_managed(pa))
        pagemap_bad_address(pa);
}

void pagemap_double_free(unsigned long pa)
{
    panic("kfree: double free of %p", (void *)pa);
}

void pagemap_not_free(unsigned long pa)
{
    panic("kalloc: page %p was handed out while in use (free list corrupted)", (void *)pa);
}
