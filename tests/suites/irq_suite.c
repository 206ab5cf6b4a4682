/* "irq": every hart takes timer interrupts whose handler allocates and frees pages, while
   the hart's main loop allocates and frees too. kalloc and kfree keep interrupts off while
   they hold a kmem lock (push_off), so a handler can never spin on a lock its own hart
   holds; without that this suite deadlocks. Nothing may be lost. */
#include "clock.h"
#include "harness.h"
#include "intr.h"
#include "kalloc.h"
#include "on_harts.h"
#include "options.h"
#include "pagechain.h"
#include "printf.h"
#include "timer.h"
#include "trap.h"

#define HANDLER_PAGES 4 /* pages each interrupt takes and gives back */
#define LOOP_PAGES    8 /* pages the main loop holds at a time */
#define LIMIT_MS      20000

struct irq_count {
    unsigned long ticks; /* interrupts taken; written by this hart's handler only */
    unsigned long bad;
    unsigned long empty; /* handler kallocs that returned 0 */
} __attribute__((aligned(CACHE_LINE)));

static struct irq_count counts[KMEM_MAX_HARTS];
static unsigned long period;
static unsigned long wanted;
static int late;

static void on_tick(void)
{
    struct irq_count *c = &counts[this_hart()->index];
    struct pagechain held;
    chain_init(&held);
    unsigned long tag = 0x1e0000UL + (unsigned long)this_hart()->index;
    c->empty += HANDLER_PAGES - chain_take(&held, HANDLER_PAGES, tag);
    c->bad += chain_bad_pages(&held, tag);
    chain_give(&held, ~0UL);
    c->ticks++;
    timer_arm(period);
}

static void loop_with_interrupts(void *arg)
{
    (void)arg;
    struct irq_count *c = &counts[this_hart()->index];
    unsigned long tag = 0x100000UL + (unsigned long)this_hart()->index;
    unsigned long deadline = clock_ticks() + clock_ms_to_ticks(LIMIT_MS);

    timer_arm(period);
    intr_on();
    while (__atomic_load_n(&c->ticks, __ATOMIC_RELAXED) < wanted) {
        struct pagechain held;
        chain_init(&held);
        chain_take(&held, LOOP_PAGES, tag);
        unsigned long bad = chain_bad_pages(&held, tag);
        chain_give(&held, ~0UL);
        if (bad)
            __atomic_add_fetch(&c->bad, bad, __ATOMIC_RELAXED);
        if (clock_ticks() > deadline) {
            __atomic_store_n(&late, 1, __ATOMIC_RELAXED);
            break;
        }
    }
    intr_off();
    timer_disarm();
}

static int irq_run(void)
{
    period = clock_ms_to_ticks(1) * option("irq_us") / 1000;
    if (period == 0)
        period = 1;
    wanted = option("irq_ticks");
    late = 0;
    for (int i = 0; i < hart_count(); i++)
        counts[i] = (struct irq_count){0, 0, 0};
    unsigned long before = kmem_free_count();

    void (*previous)(void) = trap_set_timer_handler(on_tick);
    on_all_harts(loop_with_interrupts, 0);
    trap_set_timer_handler(previous);

    unsigned long ticks = 0, bad = 0, empty = 0;
    for (int i = 0; i < hart_count(); i++) {
        ticks += counts[i].ticks;
        bad += counts[i].bad;
        empty += counts[i].empty;
    }
    printf("irq: %lu timer interrupts on %d harts (period %lu us), each allocating %d pages; "
           "%lu came back empty\n",
           ticks, hart_count(), option("irq_us"), HANDLER_PAGES, empty);
    if (late)
        return suite_fail("a hart took fewer than %lu interrupts in %d ms", wanted, LIMIT_MS);
    if (bad)
        return suite_fail("%lu pages handed out twice or overwritten", bad);
    return check_free_count(before);
}

SUITE(irq, .name = "irq", .summary = "timer interrupt handlers allocate while the loop does",
      .standard = 1, .run = irq_run);
