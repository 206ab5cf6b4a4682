/* Usable memory: each RAM range is clipped to start at the kernel's end, then every
   reserved range (OpenSBI's, the device tree blob, /memreserve/) is cut out of it. */
#include "memmap.h"
#include "kalloc.h"
#include "panic.h"

static int add(struct range *out, int n, int max, unsigned long start, unsigned long end)
{
    start = PGROUNDUP(start);
    end = PGROUNDDOWN(end);
    if (start >= end)
        return n;
    if (n >= max)
        panic("memmap_usable: more than %d usable ranges", max);
    /* Insertion keeps the list in address order. */
    int i = n;
    for (; i > 0 && out[i - 1].start > start; i--)
        out[i] = out[i - 1];
    out[i].start = start;
    out[i].end = end;
    return n + 1;
}

/* Removes [cut.start, cut.end) from every range in out[0..n); returns the new count. */
static int subtract(struct range *out, int n, int max, struct range cut)
{
    struct range kept[MEMMAP_MAX_RANGES];
    int nkept = 0;
    for (int i = 0; i < n; i++) {
        struct range r = out[i];
        if (cut.end <= r.start || cut.start >= r.end) {
            kept[nkept++] = r;
            continue;
        }
        if (r.start < cut.start)
            kept[nkept++] = (struct range){r.start, cut.start};
        if (cut.end < r.end) {
            if (nkept == MEMMAP_MAX_RANGES)
                panic("memmap_usable: more than %d usable ranges", MEMMAP_MAX_RANGES);
            kept[nkept++] = (struct range){cut.end, r.end};
        }
    }
    int m = 0;
    for (int i = 0; i < nkept; i++)
        m = add(out, m, max, kept[i].start, kept[i].end);
    return m;
}

int memmap_usable(const struct machine_info *machine, unsigned long image_end, struct range *out,
                  int max)
{
    if (max > MEMMAP_MAX_RANGES)
        max = MEMMAP_MAX_RANGES;
    int n = 0;
    for (int i = 0; i < machine->nmemory; i++) {
        struct range ram = machine->memory[i];
        unsigned long start = ram.start > image_end ? ram.start : image_end;
        if (start < ram.end)
            n = add(out, n, max, start, ram.end);
    }
    for (int i = 0; i < machine->nreserved; i++)
        n = subtract(out, n, max, machine->reserved[i]);
    return n;
}
