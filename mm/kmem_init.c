/* Boot-time set-up common to both policies: find the usable memory, build the page
   bitmap, and deal the pages out to the harts in equal contiguous shares. */
#include "kalloc.h"
#include "kmem_policy.h"
#include "memmap.h"
#include "pagemap.h"
#include "printf.h"

static unsigned long boot_pages;
static unsigned long ram_pages;

unsigned long kmem_boot_pages(void)
{
    return boot_pages;
}

unsigned long kmem_ram_pages(void)
{
    return ram_pages;
}

void kmem_init(const struct machine_info *machine, unsigned long image_end)
{
    struct range usable[MEMMAP_MAX_RANGES];
    int n = memmap_usable(machine, image_end, usable, MEMMAP_MAX_RANGES);

    unsigned long ram_end = 0;
    ram_pages = 0;
    for (int i = 0; i < machine->nmemory; i++) {
        ram_pages += (machine->memory[i].end - machine->memory[i].start) / PGSIZE;
        if (machine->memory[i].end > ram_end)
            ram_end = machine->memory[i].end;
    }
    pagemap_init(usable, n, image_end, ram_end);

    unsigned long total = 0;
    for (int i = 0; i < n; i++)
        total += (usable[i].end - usable[i].start) / PGSIZE;

    /* Hart i gets pages [i*share + min(i, extra), ...): equal shares, the remainder going
       one page each to the first harts. Harts that never start keep theirs for stealing. */
    int nharts = hart_count();
    unsigned long share = total / (unsigned long)nharts;
    unsigned long extra = total % (unsigned long)nharts;
    policy_init(nharts);

    /* Shares are handed out as address ranges, cut where RAM has holes; no page is
       touched, so this costs the same for 128 MiB and 8 GiB. */
    pagemap_seed_all_free();
    int index = 0;
    unsigned long owed = share + (extra > 0); /* pages hart `index` is still to get */
    for (int i = 0; i < n; i++) {
        unsigned long pa = usable[i].start;
        while (pa < usable[i].end) {
            while (owed == 0 && index + 1 < nharts) {
                index++;
                owed = share + ((unsigned long)index < extra);
            }
            unsigned long take = (usable[i].end - pa) / PGSIZE;
            if (take > owed && index + 1 < nharts)
                take = owed;
            policy_seed(index, (struct range){pa, pa + take * PGSIZE});
            pa += take * PGSIZE;
            owed -= take < owed ? take : owed;
        }
    }
    boot_pages = total;
    printf("kmem: %lu of %lu pages free at boot (%lu per hart, %d harts)\n", total, ram_pages,
           share, nharts);
}
