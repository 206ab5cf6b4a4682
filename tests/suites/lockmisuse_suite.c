/* Misused locks and push_off, one suite each: every one must panic naming what was misused
   (and, for the checks inlined into their callers, the address they were called from).
   None is in the standard set; ctest checks the text and the panic status. */
#include "harness.h"
#include "intr.h"
#include "push_off.h"
#include "spinlock.h"

static struct spinlock probe;

static void probe_init(void)
{
    static int done;
    if (!done)
        initlock(&probe, "misuse.probe");
    done = 1;
}

static int release_unheld_run(void)
{
    probe_init();
    push_off();
    release(&probe);
    return suite_fail("release of a lock no one holds returned");
}

static int acquire_twice_run(void)
{
    probe_init();
    acquire(&probe);
    acquire(&probe); /* the swap fails: the contended path sees who holds it */
    return suite_fail("a second acquire of a held lock returned");
}

static int popoff_unbalanced_run(void)
{
    intr_off(); /* so that the nesting check is the one that fires */
    pop_off();
    return suite_fail("pop_off without push_off returned");
}

static int popoff_intr_on_run(void)
{
    push_off();
    intr_on();
    pop_off();
    return suite_fail("pop_off with interrupts turned on inside the section returned");
}

SUITE(release_unheld, .name = "release_unheld", .summary = "release of an unheld lock must panic",
      .run = release_unheld_run);
SUITE(acquire_twice, .name = "acquire_twice",
      .summary = "acquiring a lock this hart holds must panic", .run = acquire_twice_run);
SUITE(popoff_unbalanced, .name = "popoff_unbalanced",
      .summary = "pop_off without push_off must panic", .run = popoff_unbalanced_run);
SUITE(popoff_intr_on, .name = "popoff_intr_on",
      .summary = "pop_off with interrupts on inside the section must panic",
      .run = popoff_intr_on_run);
