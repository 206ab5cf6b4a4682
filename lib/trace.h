/* A timeline of a run: each hart records what it does (lock waits and holds, steals,
   refills, ...) with rdtime stamps into a ring of its own, and the rings are printed as an
   encoded block at the end of each suite (scripts/run --trace turns it into a Chrome trace).
   Off unless the boot option trace=EVENTS gives the rings their memory. */
#ifndef KMEM_TRACE_H
#define KMEM_TRACE_H

/* What an event says. A B/E pair opens and closes a span on its hart's track; `what` is a
   lock (trace_lock_id), a list's hart index or a suite's number, `arg` a count. */
enum trace_kind {
    TRACE_HOLD = 1,  /* a lock taken (what: the lock) */
    TRACE_UNHOLD,    /* ... released; arg: its list's length then, if it guards one */
    TRACE_WAIT,      /* a swap found the lock held: the spin begins */
    TRACE_WAITED,    /* ... and ends with the lock taken; arg: the swaps that failed */
    TRACE_STEAL,     /* a steal begins (what: the thief's list) */
    TRACE_STOLE,     /* ... ends; what: the victim's list, arg: pages (0: none taken) */
    TRACE_HAND_BACK, /* a thief gives back the part of a chain it did not want (arg: pages) */
    TRACE_REFILL,    /* cached: an empty cache refills from its list */
    TRACE_REFILLED,  /* ... arg: pages it took */
    TRACE_DRAIN,     /* cached: a full cache, or an idle hart's, drains to its list */
    TRACE_DRAINED,   /* ... arg: pages it gave */
    TRACE_OOM,       /* kalloc returns 0 */
    TRACE_SUITE,     /* a suite begins (what: its number in the run) */
    TRACE_SUITE_END, /* ... ends; arg: 0 passed, 1 failed, 2 skipped */
    TRACE_COUNTERS,  /* the lock counters are reset (what 0) or read for a report (1) */
    TRACE_KINDS
};

#define TRACE_NO_VALUE 0xffffffffUL /* UNHOLD of a lock that guards no list */
#define TRACE_NOBODY   0xffffffffUL /* STOLE with no victim */

/* 1 while recording: set by trace_start and, around its printing, trace_print, on the
   boot hart while the others have no work; read by every hart at each hook. */
extern int trace_on;

/* Records one event on this hart's ring; interrupts must be off (the caller's promise:
   every hook below is in a lock's or kmem's critical path), as an interrupt handler may
   record too. The ring overwrites its oldest events when full; the block says how many
   were lost. */
void __trace_event(enum trace_kind kind, unsigned long what, unsigned long arg);

/* A lock as the block names it: its offset from kernel_start (the names follow each
   block, from the lock registry). */
static inline unsigned long trace_lock_id(const void *lock)
{
    extern char kernel_start[];
    return (unsigned long)lock - (unsigned long)kernel_start;
}

/* Builds hart `index`'s ring from npages pages of TRACE_EVENTS_PER_PAGE events each (at
   most TRACE_MAX_PAGES), and the few more that hold its bookkeeping and their addresses,
   all taken with take_page (kalloc; they must outlive the run). Returns 0, or -1 when
   take_page returned 0. Boot hart, before trace_start. */
int trace_ring_build(int index, unsigned long npages, void *(*take_page)(void));
#define TRACE_EVENTS_PER_PAGE 256
#define TRACE_PAGES_PER_INDEX 512                           /* addresses in one page */
#define TRACE_MAX_PAGES       (500 * TRACE_PAGES_PER_INDEX) /* a table page of index pages */

/* Recording begins on every hart that has a ring. */
void trace_start(void);

/* Prints every ring as a block for `suite` and empties them. Boot hart, while the others
   record nothing (between suites). */
void trace_print(const char *suite);

/* The hooks' switch, per compilation unit: KMEM_TRACE_LOCKS 0 compiles them out (the
   default, and the fast-path file of a policy with a traced copy: mm/kmem_perhart.c),
   1 records while trace_on (every kernel file off the fast path), 2 always records (that
   traced copy, reached only once trace_start redirects kalloc and kfree to it). */
#ifndef KMEM_TRACE_LOCKS
#define KMEM_TRACE_LOCKS 0
#endif
#if KMEM_TRACE_LOCKS == 2
#define TRACE(kind, what, arg) __trace_event(kind, what, arg)
#elif KMEM_TRACE_LOCKS == 1
#define TRACE(kind, what, arg)                                                                     \
    do {                                                                                           \
        if (__builtin_expect(*(volatile int *)&trace_on, 0))                                       \
            __trace_event(kind, what, arg);                                                        \
    } while (0)
#else
#define TRACE(kind, what, arg) ((void)0)
#endif

/* __trace_event from anywhere (interrupts on or off), when recording: suites, counters. */
#if KMEM_TRACE_LOCKS
void trace_note(enum trace_kind kind, unsigned long what, unsigned long arg);
#else
#define trace_note(kind, what, arg) ((void)0)
#endif

#endif
