/* The lab file's initlock and acquire are renamed xv6_initlock and xv6_acquire: they note
   each lock's name (pointer and text) and which locks kalloc/kfree take, then do the real
   thing. The "labcheck" suite, last in lab mode's standard set, turns what was seen and
   the other suites' outcomes into a verdict per bug class. */
#include "harness.h"
#include "hart.h"
#include "intr.h"
#include "hart_start.h"
#include "lab_checks.h"
#include "printf.h"
#include "lockstat.h"
#include "spinlock.h"
#include "string.h"

#define LAB_LOCKS 64
#define NAME_COPY 24

struct lab_lock {
    struct spinlock *lock;
    const char *name_at_init; /* the pointer given to initlock */
    char text_at_init[NAME_COPY];
    int used_by_allocator; /* taken inside kalloc or kfree */
};

static struct lab_lock locks[LAB_LOCKS];
static int nlocks;
/* Locks kalloc/kfree took that never went through initlock (zeroed storage works as a
   lock, but it has no name and no place in the lock report). */
#define UNINITIALISED_MAX 8
static struct spinlock *uninitialised[UNINITIALISED_MAX];
static int nuninitialised;
static struct spinlock lab_checks_lock = {.name = "labcheck"}; /* guards uninitialised[] */
static int inside[KMEM_MAX_HARTS]; /* per hart: in a call into the lab file */
static unsigned long cpuid_with_interrupts;
static void *cpuid_first_caller;

void lab_enter_allocator(void)
{
    inside[this_hart()->index]++;
}

void lab_leave_allocator(void)
{
    inside[this_hart()->index]--;
}

void lab_note_cpuid(void *caller)
{
    if (!intr_get())
        return;
    if (__atomic_fetch_add(&cpuid_with_interrupts, 1, __ATOMIC_RELAXED) == 0)
        cpuid_first_caller = caller;
}

void xv6_initlock(struct spinlock *lk, const char *name)
{
    initlock(lk, name);
    if (nlocks == LAB_LOCKS)
        return;
    struct lab_lock *l = &locks[nlocks++];
    l->lock = lk;
    l->name_at_init = name;
    size_t n = name ? strlen(name) : 0;
    if (n >= NAME_COPY)
        n = NAME_COPY - 1;
    if (name)
        memcpy(l->text_at_init, name, n);
    l->text_at_init[n] = '\0';
    /* Said now as well as in the verdicts: a later suite may deadlock before those print. */
    if (hart_stack_contains(name))
        printf("labcheck: initlock(\"%s\") names lock %d from a kernel stack at %p: the name "
               "is overwritten once kinit returns\n",
               l->text_at_init, nlocks - 1, name);
}

/* Schedule jitter: inside the lab file, when a hart takes a different lock than the last
   one it took (a steal going from the victim's lock back to its own, say), it often spins
   a little first. That widens the windows in which pages are between two lists, so that
   a race such as a one-pass steal's false out-of-memory shows up within a few dozen
   exhaust rounds instead of once in many runs; the steady state (one hart, its own lock)
   is left alone, so test1 keeps its speed. */
static unsigned long jitter_max;

void lab_set_jitter(unsigned long spins)
{
    jitter_max = spins;
}

static void jitter(void)
{
    static unsigned long state[KMEM_MAX_HARTS];
    unsigned long *s = &state[this_hart()->index];
    *s = *s * 6364136223846793005UL + 1442695040888963407UL + (unsigned long)this_hart()->index;
    unsigned long r = *s >> 33;
    if (jitter_max == 0 || (r & 3) != 0)
        return;
    for (unsigned long i = (r >> 3) % jitter_max; i > 0; i--)
        cpu_relax();
}

static struct spinlock *last_taken[KMEM_MAX_HARTS];

static void note_uninitialised(struct spinlock *lk)
{
    acquire(&lab_checks_lock);
    int seen = 0;
    for (int i = 0; i < nuninitialised; i++)
        seen |= uninitialised[i] == lk;
    if (!seen && nuninitialised < UNINITIALISED_MAX)
        uninitialised[nuninitialised++] = lk;
    release(&lab_checks_lock);
}

/* Distinct locks kalloc/kfree took, initialised or not. */
static int allocator_locks(void)
{
    int n = nuninitialised;
    for (int i = 0; i < nlocks; i++)
        n += locks[i].used_by_allocator;
    return n;
}

void xv6_acquire(struct spinlock *lk)
{
    int me = this_hart()->index;
    if (inside[me] && last_taken[me] != lk) {
        jitter();
        last_taken[me] = lk;
    }
    acquire(lk);
    if (!inside[this_hart()->index])
        return;
    for (int i = 0; i < nlocks; i++) {
        if (locks[i].lock == lk) {
            locks[i].used_by_allocator = 1;
            return;
        }
    }
    note_uninitialised(lk);
}

/* Every problem with the lab file's lock names; returns how many. */
static int check_names(void)
{
    int problems = 0;
    for (int i = 0; i < nlocks; i++) {
        struct lab_lock *l = &locks[i];
        const char *now = l->lock->name ? l->lock->name : "";
        char shown[40];
        lockstat_printable_name(now, shown, sizeof(shown));
        if (hart_stack_contains(l->name_at_init)) {
            printf("labcheck: lock %d's name \"%s\" lives on a kernel stack at %p\n", i,
                   l->text_at_init, l->name_at_init);
            problems++;
        }
        if (strncmp(now, l->text_at_init, NAME_COPY - 1) != 0) {
            printf("labcheck: lock %d was named \"%s\" at initlock and is now \"%s\"\n", i,
                   l->text_at_init, shown);
            problems++;
        }
        if (l->used_by_allocator && strncmp(now, "kmem", 4) != 0) {
            printf("labcheck: kalloc/kfree take lock \"%s\", whose name does not start with "
                   "kmem (kalloctest's tot does not count it)\n",
                   shown);
            problems++;
        }
    }
    for (int i = 0; i < nuninitialised; i++) {
        printf("labcheck: kalloc/kfree take a lock at %p that never went through initlock "
               "(kinit runs once, on one hart: initialise every CPU's lock there)\n",
               (void *)uninitialised[i]);
        problems++;
    }
    return problems;
}

static const char *verdict(int ok)
{
    return ok ? "ok" : "FOUND";
}

static int labcheck_run(void)
{
    int names = check_names();
    int sbrkmuch = suite_outcome("sbrkmuch");
    int oom = suite_outcome("exhaust") == -1 || suite_outcome("nearoom") == -1 ||
              suite_outcome("test3") == -1;
    printf("lab verdicts:\n");
    printf("  deadlock while stealing (AB/BA):       ok (the lock watchdog did not fire)\n");
    int one_list = hart_count() > 1 && allocator_locks() == 1;
    printf("  per-CPU lists:                         %s\n",
           one_list ? "FOUND: one lock for every CPU (the starter's single shared list)" : "ok");
    printf("  lock names and set-up (stack buffer, not kmem*, no initlock): %s\n",
           verdict(names == 0));
    printf("  cpuid() with interrupts on:            %s", verdict(cpuid_with_interrupts == 0));
    if (cpuid_with_interrupts)
        printf(" (%lu calls, the first from %p)", cpuid_with_interrupts, cpuid_first_caller);
    printf("\n");
    printf("  no stealing (sbrkmuch):                %s\n", verdict(sbrkmuch != -1));
    printf("  false out-of-memory (exhaust, nearoom, test3): %s\n", verdict(!oom));
    if (one_list)
        suite_fail("a single shared list: not yet a per-CPU allocator");
    if (names)
        suite_fail("%d lock name problem(s)", names);
    if (cpuid_with_interrupts)
        suite_fail("cpuid() called with interrupts on %lu times, first from %p",
                   cpuid_with_interrupts, cpuid_first_caller);
    if (sbrkmuch == -1)
        suite_fail("one hart cannot get all memory: no stealing?");
    if (oom)
        suite_fail("kalloc returned 0 with pages free (false out-of-memory)");
    return 0;
}

SUITE(labcheck, .name = "labcheck", .summary = "lab mode: verdict per known bug class",
      .standard = 1, .run = labcheck_run);
