/* "hartstop": a hart fills its own list, then stops itself (SBI HSM hart_stop). Its pages
   must not die with it: another hart must still be able to take every free page, by
   stealing from the stopped hart's list. The hart is started again afterwards. */
#include "harness.h"
#include "hart_start.h"
#include "kalloc.h"
#include "on_harts.h"
#include "pagechain.h"
#include "panic.h"
#include "printf.h"

static unsigned long fill_target;

static void fill_then_stop(void *arg)
{
    (void)arg;
    /* Take pages (stealing them from everyone), then free them here: onto this list. */
    struct pagechain held;
    chain_init(&held);
    chain_take(&held, fill_target, 0);
    chain_give(&held, ~0UL);

    on_harts_detach();
    long err = hart_stop_self();
    panic("fill_then_stop: SBI hart_stop returned error %ld", err);
}

static void nothing(void *arg)
{
    (void)arg;
}

static int hartstop_run(void)
{
    if (hart_count() < 2)
        return suite_skip("needs 2 harts (one to stop, one to allocate)");
    int victim = hart_count() - 1;
    struct hart *h = hart_by_index(victim);
    unsigned long before = kmem_free_count();
    fill_target = before / 2;

    on_hart(victim, fill_then_stop, 0);
    if (!hart_wait_online(h, 0, 5000))
        return suite_fail("hart index %d did not stop", victim);
    struct kmem_hart_stats st;
    kmem_stats(victim, &st);

    unsigned long counted = countfree(); /* on the boot hart, the victim stopped */
    printf("hartstop: hart id %lu stopped holding %lu of %lu free pages on its list; "
           "countfree found %lu\n",
           h->id, kmem_list_count() > 1 ? st.length : 0UL, before, counted);

    long err = hart_restart(h);
    if (err)
        return suite_fail("SBI hart_start of the stopped hart failed with %ld", err);
    if (!hart_wait_online(h, 1, 5000))
        return suite_fail("hart index %d did not come back", victim);
    on_hart(victim, nothing, 0); /* it takes work again */

    if (kmem_list_count() > 1 && st.length < fill_target)
        return suite_fail("the stopped hart held only %lu pages, wanted >= %lu", st.length,
                          fill_target);
    if (counted != before)
        return suite_fail("countfree found %lu pages with a hart stopped, %lu were free", counted,
                          before);
    return 0;
}

SUITE(hartstop, .name = "hartstop", .summary = "a stopped hart's pages can still be stolen",
      .standard = 1, .run = hartstop_run);
