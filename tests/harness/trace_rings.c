/* trace=EVENTS (trace_rings.h): the rings are ordinary pages from kmem, taken before the
   first suite and never given back, so the suites measure against what is left. */
#include "trace_rings.h"
#include "kalloc.h"
#include "on_harts.h"
#include "printf.h"
#include "text_patch.h"
#include "trace.h"

#define TRACE_MAX_EVENTS ((unsigned long)TRACE_MAX_PAGES * TRACE_EVENTS_PER_PAGE)

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
        if (trace_ring_build(i, npages, kalloc) != 0) {
            printf("trace: no memory for %lu events on each of %d harts\n", events, hart_count());
            return -1;
        }
    }
    if (kmem_policy.traced_kalloc) { /* no other hart is in kmem: they wait for work */
        text_redirect((void *)kalloc, (const void *)kmem_policy.traced_kalloc);
        text_redirect((void *)kfree, (const void *)kmem_policy.traced_kfree);
        on_all_harts(sync_text, 0);
    }
    trace_start();
    printf("trace: %lu events per hart (%lu pages each), %s\n", npages * TRACE_EVENTS_PER_PAGE,
           npages + 1 + (npages + TRACE_PAGES_PER_INDEX - 1) / TRACE_PAGES_PER_INDEX,
           kmem_policy.traced_kalloc ? "kalloc and kfree redirected to their traced copy"
                                     : "hooks off the fast paths");
    return 0;
}
