/* The schedule explorer (CHESS-style): the real mm/ on the host, each hart a coroutine that
   runs only when the explorer gives it the turn, at every scheduling point of
   arch/explore/explore_point.h. What the parts share: sched.c runs one schedule, search.c
   chooses at each point (depth-first under a preemption bound, a replayed string, or PCT's
   random priorities), ghost.c checks the invariants, story.c tells a counterexample, and
   scenarios.c holds the programs the harts run. */
#ifndef KMEM_EXPLORER_H
#define KMEM_EXPLORER_H

#include "explore_point.h"
#include "race.h"

#define EXPLORE_MAX_HARTS 4
#define EXPLORE_MAX_LISTS 8 /* a lab file's NCPU lists */

/* Scenarios (scenarios.c): a few harts doing a few operations on a few pages. */
struct scenario {
    const char *name;
    const char *what; /* one line for --list and the reports */
    int nharts;
    unsigned long pages;     /* of the arena; kmem's bitmap takes one, the rest are free */
    void (*setup)(int hart); /* run on each hart alone, in turn, before any point (or 0) */
    void (*body)(int hart);  /* each hart's program, explored */
    /* An interrupt handler (or 0: no interrupts): each hart may take one interrupt, at any
       point where its interrupts are on or the moment they come on; the handler runs on
       that hart, interrupts off, then the hart goes on. */
    void (*interrupt)(int hart);
    int shallow; /* 1: searched at bound 0 only (hundreds of pages: deeper takes minutes) */
};
extern const struct scenario explore_scenarios[];
const struct scenario *scenario_find(const char *name);

/* programs.c: programs both tables' scenarios give their harts. */
void take_until_none(int hart);        /* kalloc until it returns 0, keeping every page */
void take_and_free(int hart);          /* an interrupt handler's work: a page, given back */
void take_all(int hart);               /* hart 0 takes every page (a set-up) */
void give_while_others_take(int hart); /* hart 0 frees all it holds; the others take two */
void hoard_or_churn(int hart);         /* hart 0 takes all; the others take and free, twice */

/* What a schedule found. */
enum finding {
    FOUND_NOTHING,
    FOUND_TWICE,     /* a page handed out while a hart held it */
    FOUND_FALSE_OOM, /* kalloc returned 0 while pages were free throughout the call */
    FOUND_LOST,      /* at the end one hart could not take every page */
    FOUND_DEADLOCK,  /* every unfinished hart waits on a lock */
    FOUND_LIVELOCK,  /* a kalloc or kfree ran EXPLORE_CALL_STEPS steps without returning */
    FOUND_MISCOUNT,  /* a list's counters disagree with the pages on it */
    FOUND_PANIC,     /* the allocator panicked */
    FOUND_CRASH,     /* the allocator touched memory it must not (SIGSEGV, SIGBUS) */
    FOUND_RACE,      /* a data race on a plain access (race.c), and nothing worse */
    FOUND_KINDS
};
extern const char *const finding_names[FOUND_KINDS];

/* A kalloc or kfree that takes this many steps is reported as a livelock: a correct one
   takes a few hundred here, even when it waits for other harts. */
#define EXPLORE_CALL_STEPS 20000
/* A call that runs this many points in one turn spins: it pauses (points.c). */
#define EXPLORE_FAIR_STEPS 200

/* sched.c: one schedule, from a fresh kmem_init to the final drain. */
struct run_result {
    enum finding found;
    char message[512];      /* what the invariant saw */
    unsigned long steps;    /* scheduling points passed */
    int preemptions;        /* switches away from a hart that could have gone on */
    int stale_reads;        /* loads that read an older store than the latest */
    unsigned long hash;     /* of the steps taken: harts, operations and words (replay's check) */
    unsigned long universe; /* pages kmem had at boot */
    struct race race;       /* its first data race, if race.seen (a finding of its own) */
    struct race peek;       /* its first unlocked peek, if peek.seen (not a finding) */
};
/* The finding's text: r->message, or the race told with its source lines. */
void finding_text(const struct run_result *r, char *out, unsigned long size);
void sched_run(const struct scenario *sc, struct run_result *out);
int sched_current(void);             /* the hart that runs */
int sched_exploring(void);           /* the harts run (not the set-up before them) */
int sched_finished(int hart);        /* the hart's program and its kmem_hart_idle are done */
unsigned long sched_peek_free(void); /* kmem_free_count(), read as no step of any hart */
unsigned long sched_step(void);      /* the step of the point being decided */
/* Ends the schedule with a finding (from a hart's stack, or ghost.c's checks). */
void sched_found(enum finding f, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
/* A hart starts and ends a kalloc or kfree (the livelock bound counts its steps). */
void sched_call_begin(const char *what);
void sched_call_end(void);
/* points.c: a plain access at a site race.c promoted is a point (pc: the instruction). */
void explore_plain_point(enum explore_op op, const void *addr, unsigned long pc);

/* search.c: the choice at a point with more than one option. opts[0] is the default (the
   running hart if it can go on, else the next in turn); cost[i] is 1 where choosing opts[i]
   preempts a hart that could have gone on, else 0; pausing: the running hart pauses (and is
   not among opts). Returns an index into opts. */
int search_choose(unsigned long step, const int *opts, const int *cost, int n, int pausing);
int search_preemptions(void); /* the costs of the choices made in this run */
int search_stale_reads(void); /* the loads of this run that read an older store */
/* The load at `step` may read any of n stores: 0 the latest, k the k-th older (a stale
   read: at most search_stale_bound in one schedule). Returns k. */
int search_choose_read(unsigned long step, int n);
extern int search_stale_bound;
#define SEARCH_READ_BASE (2 * EXPLORE_MAX_HARTS) /* a departure that is a stale read */

/* ghost.c: the scenario's side of kalloc and kfree, with the invariants' bookkeeping. */
void ghost_reset(int nharts, unsigned long universe);
int sc_take(int hart);           /* kalloc; keeps the page; 1 if it got one */
int sc_give(int hart);           /* kfrees the page taken last; 0 if it holds none */
int sc_give_first(int hart);     /* kfrees the page it took first of those it holds */
unsigned long sc_held(int hart); /* pages it holds */
void sc_hand(int from, int to);  /* what `from` holds is `to`'s now (no call) */
void ghost_drain(void);          /* the end: all held pages freed, one hart takes all */
void ghost_hart_done(int hart);  /* target_hart_done, its cache's drain noted */
void ghost_step(void);           /* at every step: what the harts in kalloc see held */
unsigned long ghost_page_number(const void *page); /* #n in the arena, for stories */

/* story.c: a counterexample told. Recording is on only while a found schedule is replayed. */
extern int story_recording;
void story_reset(void);
/* free: kmem_free_count() at that step, read by the explorer (lists and batches in flight) */
void story_point(int hart, enum explore_op op, const void *addr, unsigned long step,
                 unsigned long free);
void story_event(int hart, unsigned long step, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void story_console(const char *text);
/* A hart faulted at `frames` (the faulting instruction first) on address `addr`. */
void story_fault(int hart, unsigned long step, void *const *frames, int n, unsigned long addr);
void story_setup(int hart, unsigned long held);
struct race;
void story_race(const struct race *r); /* race.c saw one while recording */
void story_print(const struct scenario *sc, const struct run_result *r);

/* Output of the explorer itself (lib/'s printf is the schedules' console here). */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
