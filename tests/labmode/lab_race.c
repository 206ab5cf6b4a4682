/* "labrace" (lab mode): a one-pass stealer's false out-of-memory, caught every run. Hart 0
   holds every page but 16, which hart 2 frees onto its own list. Hart 1 (the thief, its
   list empty) calls kalloc with the schedule hook armed (lab_checks.h): when its steal goes
   from hart 2's lock to its own, its batch on no list, the hook holds it. Hart 0 then
   kallocs until 0. A kalloc that waits for pages on the way passes (the hook lets the thief
   go after LAB_PAUSE_MS); one that gives up after one empty look returns 0 with the
   thief's batch in flight. Those pages are counted afterwards: every hart in turn takes
   what it can. The thief's own lock is the one its kfree takes: it frees a page first. */
#include "harness.h"
#include "hart.h"
#include "intr.h"
#include "kalloc.h"
#include "lab_checks.h"
#include "on_harts.h"
#include "pagechain.h"
#include "printf.h"

#define LEFT_FREE 16

static struct pagechain hoard, drained, found[KMEM_MAX_HARTS];
static void *thief_page;
static int zero_while_held; /* the drainer's kalloc returned 0 while the thief was held */
static int thief_done;

static void hoard_all(void *arg)
{
    (void)arg;
    chain_take(&hoard, ~0UL, 0);
}

static void alloc_free_one(void *arg)
{
    (void)arg;
    void *page = kalloc();
    if (page)
        kfree(page);
}

static void free_some(void *arg)
{
    chain_give(&hoard, *(unsigned long *)arg);
}

static void thief_or_drainer(void *arg)
{
    (void)arg;
    if (on_harts_rank() == 1) {
        thief_page = kalloc();
        __atomic_store_n(&thief_done, 1, __ATOMIC_RELEASE);
        return;
    }
    /* The drainer: wait for the thief to be held (or to finish without ever being). */
    while (lab_pause_state() != LAB_PAUSE_HELD && !__atomic_load_n(&thief_done, __ATOMIC_ACQUIRE))
        cpu_relax();
    if (lab_pause_state() != LAB_PAUSE_HELD)
        return;
    while (chain_take(&drained, 1, 0) == 1)
        ;
    zero_while_held = lab_pause_state() == LAB_PAUSE_HELD;
    lab_pause_release();
}

static int labrace_run(void)
{
    if (hart_count() < 3)
        return suite_skip("needs 3 harts (a holder of the last pages, a thief, a drainer)");
    chain_init(&hoard);
    chain_init(&drained);
    thief_page = 0;
    zero_while_held = thief_done = 0;
    on_hart(1, alloc_free_one, 0); /* the thief's kfree shows which lock is its own */
    on_hart(0, hoard_all, 0);
    unsigned long left = LEFT_FREE;
    on_hart(2, free_some, &left);

    struct hartset pair;
    hartset_clear(&pair);
    hartset_add(&pair, 0);
    hartset_add(&pair, 1);
    lab_pause_arm(1);
    on_harts(&pair, thief_or_drainer, 0);
    int held = lab_pause_state() != LAB_PAUSE_ARMED;
    lab_pause_release();

    /* Where the LEFT_FREE pages went: the drainer's, the thief's, and what is still free. */
    unsigned long still_free = chain_take_on_each_hart(found);
    for (int i = 0; i < hart_count(); i++)
        chain_give(&found[i], ~0UL);
    unsigned long drainer_got = drained.count;
    chain_give(&drained, ~0UL);
    if (thief_page)
        kfree(thief_page);
    chain_give(&hoard, ~0UL);

    if (!held)
        return suite_skip("the file's kalloc never came back to its own lock from another "
                          "(no batch in flight to race with)");
    printf("labrace: the thief (hart index 1) was held between two locks; hart index 0 took "
           "%lu pages, then kalloc returned 0%s; %lu pages were free after the thief went on\n",
           drainer_got, zero_while_held ? " while the thief was still held" : "", still_free);
    if (zero_while_held && still_free > 0)
        return suite_fail("false out of memory: kalloc returned 0 on hart index 0 while %lu "
                          "pages were in the thief's hands (a steal that gives up after one "
                          "empty look)",
                          still_free);
    return 0;
}

SUITE(labrace, .name = "labrace",
      .summary = "lab mode: a thief held between two locks while another hart drains memory",
      .standard = 1, .run = labrace_run);
