/* The lab file's initlock and acquire are renamed xv6_initlock and xv6_acquire: they note
   each lock's name (pointer and text) and which locks kalloc/kfree take, then do the real
   thing; cpuid() calls with interrupts on are noted, and the schedule hook and jitter act
   here. What was seen becomes verdicts in lab_verdicts.c. */
#include "harness.h"
#include "hart.h"
#include "clock.h"
#include "intr.h"
#include "hart_start.h"
#include "lab_checks.h"
#include "lab_progress.h"
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
    unsigned long harts;   /* bit i: hart index i (< 64) took it there */
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
#define CALLERS_MAX 8
static void *cpuid_callers[CALLERS_MAX]; /* each distinct return address, first seen first */
static int ncpuid_callers;
static struct spinlock callers_lock = {.name = "labcheck.callers"};

/* Per hart: the last lock taken inside the current call into the lab file, whether that
   call is a kfree, and the hart's own lock as its kfree shows it (the first lock kfree
   takes: its own list's, in a per-CPU design). */
static struct spinlock *call_last[KMEM_MAX_HARTS];
static int in_kfree[KMEM_MAX_HARTS];
static struct spinlock *own_lock[KMEM_MAX_HARTS];

void lab_enter_allocator(int which)
{
    int me = this_hart()->index;
    if (inside[me]++ == 0) {
        call_last[me] = 0;
        in_kfree[me] = which == LAB_IN_KFREE;
        lab_progress_enter(me, in_kfree[me]);
    }
}

/* The schedule hook (lab_checks.h). */
static int pause_hart = -1;
static int pause_state; /* LAB_PAUSE_* */
static int pause_release;

void lab_pause_arm(int hart_index)
{
    __atomic_store_n(&pause_state, LAB_PAUSE_ARMED, __ATOMIC_RELEASE);
    __atomic_store_n(&pause_release, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&pause_hart, hart_index, __ATOMIC_RELEASE);
}

int lab_pause_state(void)
{
    return __atomic_load_n(&pause_state, __ATOMIC_ACQUIRE);
}

void lab_pause_release(void)
{
    __atomic_store_n(&pause_release, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&pause_hart, -1, __ATOMIC_RELEASE);
}

/* A hart between two locks of one call (a thief that let go of the victim's list and
   is about to take its own, its batch on no list) waits here while the hook is armed for
   it, until released or for LAB_PAUSE_MS at most. */
static void maybe_pause(int me, struct spinlock *lk)
{
    if (__atomic_load_n(&pause_hart, __ATOMIC_ACQUIRE) != me || in_kfree[me] ||
        lk != own_lock[me] || !call_last[me] || call_last[me] == lk)
        return;
    __atomic_store_n(&pause_hart, -1, __ATOMIC_RELEASE);
    __atomic_store_n(&pause_state, LAB_PAUSE_HELD, __ATOMIC_RELEASE);
    unsigned long until = clock_ticks() + clock_ms_to_ticks(LAB_PAUSE_MS);
    while (!__atomic_load_n(&pause_release, __ATOMIC_ACQUIRE) && clock_ticks() < until)
        cpu_relax();
    __atomic_store_n(&pause_state, LAB_PAUSE_DONE, __ATOMIC_RELEASE);
}

void lab_leave_allocator(void)
{
    int me = this_hart()->index;
    if (--inside[me] == 0)
        lab_progress_leave(me);
}

void lab_note_cpuid(void *caller)
{
    if (!intr_get())
        return;
    __atomic_fetch_add(&cpuid_with_interrupts, 1, __ATOMIC_RELAXED);
    acquire(&callers_lock);
    int seen = 0;
    for (int i = 0; i < ncpuid_callers; i++)
        seen |= cpuid_callers[i] == caller;
    if (!seen && ncpuid_callers < CALLERS_MAX)
        cpuid_callers[ncpuid_callers++] = caller;
    release(&callers_lock);
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

/* (One lock on one hart says nothing: a per-CPU allocator whose other harts have not run
   yet.) */
int lab_one_shared_list(void)
{
    int n = nuninitialised, shared = 0;
    for (int i = 0; i < nlocks; i++) {
        n += locks[i].used_by_allocator;
        shared |= __builtin_popcountl(locks[i].harts) > 1;
    }
    return n == 1 && shared;
}

void xv6_acquire(struct spinlock *lk)
{
    int me = this_hart()->index;
    if (inside[me] && last_taken[me] != lk) {
        jitter();
        last_taken[me] = lk;
    }
    if (inside[me]) {
        lab_progress_call(__builtin_return_address(0));
        if (in_kfree[me] && !call_last[me])
            own_lock[me] = lk;
        maybe_pause(me, lk);
        call_last[me] = lk;
    }
    acquire(lk);
    if (!inside[this_hart()->index])
        return;
    for (int i = 0; i < nlocks; i++) {
        if (locks[i].lock == lk) {
            locks[i].used_by_allocator = 1;
            if (me < 64 && !(locks[i].harts & (1UL << me)))
                __atomic_fetch_or(&locks[i].harts, 1UL << me, __ATOMIC_RELAXED);
            return;
        }
    }
    note_uninitialised(lk);
}

int lab_lock_problems(say_fn say)
{
    int problems = 0;
    for (int i = 0; i < nlocks; i++) {
        struct lab_lock *l = &locks[i];
        const char *now = l->lock->name ? l->lock->name : "";
        char shown[40];
        lockstat_printable_name(now, shown, sizeof(shown));
        if (hart_stack_contains(l->name_at_init)) {
            say("labcheck: lock %d's name \"%s\" lives on a kernel stack at %p\n", i,
                l->text_at_init, l->name_at_init);
            problems++;
        }
        if (strncmp(now, l->text_at_init, NAME_COPY - 1) != 0) {
            say("labcheck: lock %d was named \"%s\" at initlock and is now \"%s\"\n", i,
                l->text_at_init, shown);
            problems++;
        }
        if (l->used_by_allocator && strncmp(now, "kmem", 4) != 0) {
            say("labcheck: kalloc/kfree take lock \"%s\", whose name does not start with "
                "kmem (kalloctest's tot does not count it)\n",
                shown);
            problems++;
        }
    }
    for (int i = 0; i < nuninitialised; i++) {
        say("labcheck: kalloc/kfree take a lock at %p that never went through initlock "
            "(kinit runs once, on one hart: initialise every CPU's lock there)\n",
            (void *)uninitialised[i]);
        problems++;
    }
    return problems;
}

unsigned long lab_cpuid_with_interrupts(void *const **callers, int *ncallers)
{
    *callers = cpuid_callers;
    *ncallers = ncpuid_callers;
    return cpuid_with_interrupts;
}
