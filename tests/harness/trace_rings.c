/* trace=EVENTS (trace_rings.h): the rings are ordinary pages from kmem, taken before the
   first suite and never given back, so the suites measure against what is left. */
#include "trace_rings.h"
#include "kalloc.h"
#include "on_harts.h"
#include "printf.h"
#include "text_patch.h"
#include "trace.h"

/* A ring's table of pages is one page: 512 pages of 256 events. */
#define TRACE_MAX_EVENTS (PGSIZE / sizeof(void *) * TRACE_EVENTS_PER_PAGE)

static void sync_text(void *arg)
{
    (void)arg;
    text_sync();
}

int trace_rings_setup(unsigned long events)
{
    if (!kmem_policy.traces) {
        printf("trace: the %s policy records no timeline\n", kmem_policy.name);
        return -1;
    }
    if (events > TRACE_MAX_EVENTS) {
        printf("trace: at most %lu events per hart, not %lu\n", TRACE_MAX_EVENTS, events);
        return -1;
    }
    unsigned long npages = (events + TRACE_EVENTS_PER_PAGE - 1) / TRACE_EVENTS_PER_PAGE;
    for (int i = 0; i < hart_count(); i++) {
        void **table = kalloc();
        for (unsigned long p = 0; table && p < npages; p++)
            if (!(table[p] = kalloc()))
                table = 0;
        if (!table) {
            printf("trace: no memory for %lu events on each of %d harts\n", events, hart_count());
            return -1;
        }
        trace_ring_give(i, table, npages);
    }
    if (kmem_policy.traced_kalloc) { /* no other hart is in kmem: they wait for work */
        text_redirect((void *)kalloc, (const void *)kmem_policy.traced_kalloc);
        text_redirect((void *)kfree, (const void *)kmem_policy.traced_kfree);
        on_all_harts(sync_text, 0);
    }
    trace_start();
    printf("trace: %lu events per hart (%lu pages each), %s\n", npages * TRACE_EVENTS_PER_PAGE,
           npages + 1,
           kmem_policy.traced_kalloc ? "kalloc and kfree redirected to their traced copy"
                                     : "hooks off the fast paths");
    return 0;
}
