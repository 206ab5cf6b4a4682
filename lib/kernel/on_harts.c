/* on_harts: the kernel's dispatch and every secondary hart's idle loop. The boot hart
   posts a body into the mailbox of each chosen hart; every participant then meets the
   others at a start barrier, so all bodies begin together (what a contention test needs),
   and the boot hart waits until all have finished. Between postings a hart sleeps. */
#include "on_harts.h"
#include "barrier.h"
#include "clock.h"
#include "intr.h"
#include "kalloc.h"
#include "panic.h"
#include "poke.h"
#include "timer.h"

/* One per hart, a cache line each, so idle harts poll without disturbing each other. */
struct mailbox {
    unsigned long posted; /* bumped by the boot hart after filling in the fields below */
    unsigned long taken;  /* the last posting this hart took up; kept here, not on the
                             worker's stack, so a hart that starts (or restarts) after work
                             was posted for it still sees that work as new */
    void (*body)(void *arg);
    void *arg;
    int rank; /* this hart's rank among the participants */
} __attribute__((aligned(CACHE_LINE)));

static struct mailbox mailbox[KMEM_MAX_HARTS];
static struct barrier start;  /* releases all participants at once */
static struct barrier inside; /* on_harts_barrier() */
static int participants;
static int finished;

static unsigned long tick_period; /* 0: bodies run with interrupts off (the default) */

void on_harts_tick(unsigned long period)
{
    tick_period = period;
}

void on_harts_tick_begin(void)
{
    if (tick_period) {
        timer_arm(tick_period);
        intr_on();
    }
}

void on_harts_tick_end(void)
{
    if (tick_period) {
        intr_off();
        timer_disarm();
    }
}

/* A participant is done: the last one wakes the boot hart, which waits asleep
   (wait_finished). Its allocator is told first (kmem_hart_idle): a hart that does not come
   back for the pages it cached must not keep them from the others. */
static void finish(void)
{
    kmem_hart_idle();
    if (__atomic_add_fetch(&finished, 1, __ATOMIC_RELEASE) == participants &&
        this_hart()->index != 0)
        poke(hart_by_index(0));
}

static void run_posted(struct mailbox *m)
{
    barrier_wait(&start);
    on_harts_tick_begin();
    m->body(m->arg);
    on_harts_tick_end();
    finish();
}

/* The boot hart waits for the bodies asleep, not spinning: under QEMU a spinning vCPU
   holds a host CPU the working harts need (test2's rounds, each on one hart while the
   boot hart waited, took twice the host CPU time of the round itself). The protocol is
   poke.h's, the wakeup finish()'s; it needs interrupts off (with them on, the trap
   handler could take the poke between the check and wfi) and no timer pending (which
   would end every wfi at once), so both are off while it waits: lab mode's harness calls
   on_harts with its tick on, as xv6 would. */
static void wait_finished(void)
{
    int was_on = intr_off_was_on();
    if (was_on && tick_period)
        timer_disarm();
    poke_enable();
    for (;;) {
        poke_clear();
        if (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) == participants)
            break;
        poke_wait();
    }
    if (was_on && tick_period)
        timer_arm(tick_period);
    if (was_on)
        intr_on();
}

/* Waits until every hart of `who` but the caller has taken its posting. A worker takes it
   within milliseconds of the poke; one that has not after ON_HARTS_TAKE_LIMIT_MS sleeps
   through work it was woken for (a lost wakeup), and the run would hang at the start
   barrier without saying where. The bound is generous for a vCPU waiting its turn on a
   loaded host, and independent of how long the bodies then run. */
static void wait_taken(const struct hartset *who, unsigned long posted_at)
{
    unsigned long limit = posted_at + clock_ms_to_ticks(ON_HARTS_TAKE_LIMIT_MS);
    for (int i = 1; i < hart_count(); i++) {
        struct mailbox *m = &mailbox[i];
        if (!hartset_has(who, i))
            continue;
        while (__atomic_load_n(&m->taken, __ATOMIC_ACQUIRE) != m->posted) {
            if (clock_ticks() > limit)
                panic("on_harts: hart id %lu (index %d) has not taken work posted %d ms ago "
                      "(asleep: a lost wakeup?)",
                      hart_by_index(i)->id, i, ON_HARTS_TAKE_LIMIT_MS);
            cpu_relax();
        }
    }
}

void on_harts(const struct hartset *who, void (*body)(void *arg), void *arg)
{
    struct hart *self = this_hart();
    if (self->index != 0)
        panic("on_harts: called on hart index %d; only the boot hart posts work", self->index);

    kmem_hart_idle(); /* the boot hart's pages, for the bodies to find */
    participants = hartset_count(who);
    finished = 0;
    barrier_init(&start, participants);
    barrier_init(&inside, participants);

    unsigned long posted_at = clock_ticks();
    int rank = 0;
    for (int i = 0; i < hart_count(); i++) {
        if (!hartset_has(who, i))
            continue;
        struct mailbox *m = &mailbox[i];
        m->body = body;
        m->arg = arg;
        m->rank = rank++;
        if (i == 0)
            continue;
        if (!__atomic_load_n(&hart_by_index(i)->online, __ATOMIC_ACQUIRE))
            panic("on_harts: hart index %d is not online", i);
        __atomic_add_fetch(&m->posted, 1, __ATOMIC_RELEASE);
        poke(hart_by_index(i));
    }
    wait_taken(who, posted_at);
    if (hartset_has(who, 0))
        run_posted(&mailbox[0]);
    wait_finished();
}

void on_all_harts(void (*body)(void *arg), void *arg)
{
    struct hartset all = hartset_online();
    on_harts(&all, body, arg);
}

void on_hart(int index, void (*body)(void *arg), void *arg)
{
    struct hartset one;
    hartset_clear(&one);
    hartset_add(&one, index);
    on_harts(&one, body, arg);
}

void on_harts_detach(void)
{
    finish();
}

void on_harts_barrier(void)
{
    barrier_wait(&inside);
}

void on_harts_wait_change(const unsigned long *word, unsigned long old)
{
    kmem_hart_idle();    /* asleep, it allocates nothing: its cached pages are the others' */
    on_harts_tick_end(); /* poke_wait needs interrupts off and the timer to itself */
    poke_enable();
    for (;;) {
        poke_clear();
        if (__atomic_load_n(word, __ATOMIC_ACQUIRE) != old)
            break;
        poke_wait();
    }
    on_harts_tick_begin();
}

void on_harts_wake_all(void)
{
    struct hart *self = this_hart();
    for (int i = 0; i < hart_count(); i++) {
        struct mailbox *m = &mailbox[i];
        if (i != self->index && m->body &&
            __atomic_load_n(&hart_by_index(i)->online, __ATOMIC_ACQUIRE))
            poke(hart_by_index(i));
    }
}

int on_harts_count(void)
{
    return participants;
}

int on_harts_rank(void)
{
    return mailbox[this_hart()->index].rank;
}

void on_harts_worker(void)
{
    struct mailbox *m = &mailbox[this_hart()->index];
    poke_enable();
    for (;;) {
        poke_clear();
        unsigned long now = __atomic_load_n(&m->posted, __ATOMIC_ACQUIRE);
        if (now == m->taken) {
            poke_wait(); /* sleeping, not spinning, leaves QEMU's host CPUs to the workers */
            continue;
        }
        __atomic_store_n(&m->taken, now, __ATOMIC_RELEASE);
        run_posted(m);
    }
}
