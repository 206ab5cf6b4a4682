/* The table of struct hart, one per hart the device tree lists. */
#include "hart.h"
#include "panic.h"

_Static_assert(offsetof(struct hart, stack_top) == HART_STACK_TOP_OFFSET,
               "entry.S reads stack_top at HART_STACK_TOP_OFFSET");
_Static_assert(sizeof(struct hart) == CACHE_LINE, "struct hart must fill one cache line");

struct hart harts[KMEM_MAX_HARTS];
static int nharts = 1; /* the boot hart exists before the device tree is read */

int hart_count(void)
{
    return nharts;
}

struct hart *hart_by_index(int index)
{
    if (index < 0 || index >= nharts)
        panic("hart_by_index: index %d out of range (%d harts)", index, nharts);
    return &harts[index];
}

/* Number the harts: the boot hart keeps index 0, the others follow in device-tree order.
   Called once on the boot hart before any other hart runs. */
void hart_table_init(unsigned long boot_id, const unsigned long *ids, int n)
{
    if (n > KMEM_MAX_HARTS)
        panic("hart_table_init: the device tree lists %d harts but this kernel supports "
              "%d (rebuild with -DKMEM_MAX_HARTS=%d)",
              n, KMEM_MAX_HARTS, n);
    int next = 1;
    int found_boot = 0;
    for (int i = 0; i < n; i++) {
        if (ids[i] == boot_id) {
            found_boot = 1;
            continue;
        }
        if (next >= n)
            break;
        harts[next].id = ids[i];
        harts[next].index = next;
        next++;
    }
    if (!found_boot)
        panic("hart_table_init: boot hart id %lu is not in the device tree", boot_id);
    harts[0].id = boot_id;
    harts[0].index = 0;
    nharts = n;
}
