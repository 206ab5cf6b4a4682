/* "lockstat": the lock report reproduces the lab's format to the byte, lists only locks
   that were acquired, ranks the top 5 over all locks, and sums tot over kmem and bcache
   locks only. Known counts are made by acquiring test locks and setting their spin
   counters, with every other lock's counters reset and idle. */
#include "harness.h"
#include "lockstat.h"
#include "printf.h"
#include "push_off.h"
#include "string.h"

static struct spinlock kmem_probe, bcache_probe, other_probe, unused_probe;

static void use(struct spinlock *lk, int times, unsigned int spins)
{
    for (int i = 0; i < times; i++) {
        acquire(lk);
        release(lk);
    }
    lk->nts = spins;
}

static int lockstat_run(void)
{
    static int registered;
    if (!registered) {
        initlock(&kmem_probe, "kmem.probe");
        initlock(&bcache_probe, "bcache.probe");
        initlock(&other_probe, "probe");
        initlock(&unused_probe, "kmem.unused");
        registered = 1;
    }
    static const char expected[] = "--- lock kmem/bcache stats\n"
                                   "lock: kmem.probe: #test-and-set 7 #acquire() 3\n"
                                   "lock: bcache.probe: #test-and-set 2 #acquire() 2\n"
                                   "--- top 5 contended locks:\n"
                                   "lock: probe: #test-and-set 40 #acquire() 5\n"
                                   "lock: kmem.probe: #test-and-set 7 #acquire() 3\n"
                                   "lock: bcache.probe: #test-and-set 2 #acquire() 2\n"
                                   "tot= 9\n";
    static char report[4096];

    /* From the reset to the report nothing else may take a lock: no printf in between. */
    lockstat_reset();
    use(&kmem_probe, 3, 7);
    use(&bcache_probe, 2, 2);
    use(&other_probe, 5, 40);
    size_t len = lockstat_report(report, sizeof(report));
    unsigned long tot = lockstat_tot();

    printf("%s", report);
    if (len != strlen(expected) || strcmp(report, expected) != 0)
        return suite_fail("the report differs from the expected text:\n%s", expected);
    if (tot != 9)
        return suite_fail("lockstat_tot() = %lu, expected 9", tot);

    /* A try counts as the lab's counters mean: a swap that finds the lock taken is one
       #test-and-set (and no #acquire(): nothing was acquired), a success one #acquire(). */
    lockstat_reset();
    acquire(&other_probe);
    int taken_while_held = __try_acquire(&other_probe); /* held, by this very hart */
    release(&other_probe);
    push_off();
    int taken_when_free = __try_acquire(&other_probe);
    if (taken_when_free)
        __release(&other_probe);
    pop_off();
    unsigned int n = other_probe.n, nts = other_probe.nts;
    lockstat_reset();
    if (taken_while_held || !taken_when_free || n != 2 || nts != 1)
        return suite_fail("try-lock: took a held lock %d, a free one %d; #acquire() %u "
                          "(expected 2), #test-and-set %u (expected 1)",
                          taken_while_held, taken_when_free, n, nts);
    return 0;
}

SUITE(lockstat, .name = "lockstat", .summary = "lock report format, ranking, tot, try-lock counts",
      .standard = 1, .run = lockstat_run);
