/* Prints, for each hart, its list length as a number and as a bar scaled to the longest
   list, and the counters of struct kmem_hart_stats (under the cached policy, the pages in
   its cache beside its list). Under the shared policy there is one list; it is shown on
   the first row. */
#include "kmem_table.h"
#include "hart.h"
#include "kalloc.h"
#include "printf.h"

#define BAR_WIDTH 24

static unsigned long list_length(int index, const struct kmem_hart_stats *st)
{
    return kmem_list_count() == 1 && index > 0 ? 0 : st->length;
}

void kmem_table_print(const char *title)
{
    struct kmem_hart_stats st;
    unsigned long longest = 1;

    for (int i = 0; i < hart_count(); i++) {
        kmem_stats(i, &st);
        if (list_length(i, &st) > longest)
            longest = list_length(i, &st);
    }
    printf("kmem %s (%s policy, %lu free of %lu at boot):\n", title, kmem_policy.name,
           kmem_free_count(), kmem_boot_pages());
    int caches = kmem_policy.cache_held_max != 0; /* cached: each hart's cache too */
    printf("  hart    id    free%s    allocs     frees  steals  stolen  robbed\n",
           caches ? "  cache" : "");
    if (kmem_policy.lists == KMEM_LISTS_OPAQUE) {
        /* Lab mode: the lists are the lab file's; only kalloc/kfree calls are counted. */
        for (int i = 0; i < hart_count(); i++) {
            kmem_stats(i, &st);
            printf("  %4d %5lu     n/a %9lu %9lu     n/a     n/a     n/a\n", i,
                   hart_by_index(i)->id, st.allocs, st.frees);
        }
        return;
    }
    for (int i = 0; i < hart_count(); i++) {
        kmem_stats(i, &st);
        unsigned long length = list_length(i, &st);
        /* Round up, so that a list with any page at all shows one mark. */
        unsigned long width = (length * BAR_WIDTH + longest - 1) / longest;
        char bar[BAR_WIDTH + 1];
        for (unsigned long b = 0; b < BAR_WIDTH; b++)
            bar[b] = b < width ? '#' : ' ';
        bar[BAR_WIDTH] = '\0';
        printf("  %4d %5lu %7lu", i, hart_by_index(i)->id, length);
        if (caches)
            printf(" %6lu", st.cached);
        printf(" %9lu %9lu %7lu %7lu %7lu |%s|\n", st.allocs, st.frees, st.steals, st.stolen,
               st.robbed, bar);
    }
}

unsigned long kmem_steals_total(void)
{
    struct kmem_hart_stats st;
    unsigned long sum = 0;
    for (int i = 0; i < kmem_list_count(); i++) {
        kmem_stats(i, &st);
        sum += st.steals;
    }
    return sum;
}
