/* The explorer's data-race detector: happens-before over plain accesses, with vector
   clocks (FastTrack's rules, Flanagan and Freund, PLDI 2009, kept as full clocks: there are
   at most EXPLORE_MAX_HARTS harts). The code under test is built with clang's
   ThreadSanitizer instrumentation (compile time only, no runtime): every plain load and
   store calls __tsan_readN/__tsan_writeN, which race.c defines. Atomics are not
   instrumented (they are scheduling points already, arch/explore/once.h); their C11 orders
   give the happens-before edges, through the memory model (store_history.c), which keeps
   its release clocks on these vector clocks. A plain load reads what memory holds: the
   latest store, which happens before it unless the two race. */
#ifndef KMEM_EXPLORE_RACE_H
#define KMEM_EXPLORE_RACE_H

#include <stddef.h>

#include "explore_point.h"

#define RACE_MAX_SITES 64 /* instructions that may become scheduling points (pass 2) */

/* One race: two accesses to the same bytes, by two harts, neither ordered before the
   other by a lock or an atomic's acquire and release. */
struct race {
    int seen;
    unsigned long step;     /* the step of the second access */
    const void *addr;       /* the word */
    int hart[2];            /* [0] the earlier access, [1] the later */
    int write[2];           /* a store (1) or a load (0) */
    unsigned long pc[2];    /* the instruction after each access's call (a return address) */
    unsigned long locks[2]; /* locks held, bit i for lockstat_lock(i) */
    int peek;               /* an unlocked load of a word only ever written under a lock */
};

/* A schedule's start, when the harts begin (the set-up before is ordered before them all),
   and its end, when the drain begins (it runs after every hart has finished). */
void race_begin(int nharts);
void race_end(void);
/* The memory model's side: a hart's vector clock (joined into by an acquire), its tick
   (at a release), and a word that now has a store history (a plain store to it is one
   of its stores). */
unsigned *race_clock(int hart);
/* into = the pointwise maximum of into and from: two vector clocks joined. */
void clock_join(unsigned *into, const unsigned *from);
void race_tick(int hart);
void race_mark_atomic(const void *addr);
/* An atomic store by the running hart at instruction pc, as it happens (its epoch, before
   a release's tick): checked against the plain accesses of its bytes, and kept as their
   last write, so that a plain access it does not happen before is a race. */
void race_atomic_store(const void *addr, unsigned size, unsigned long pc);
/* Harts a and b swapped CPUs (sched_migrate): ordered, as the kernel's switch is. */
void race_migrate(int a, int b);
/* The running hart is at a point: the locks it holds may have changed. */
void race_point(void);
/* The arena the allocator's pages live in (the data and bss of the binary are known). */
void race_watch(const void *start, size_t bytes);

/* What the schedule that ran saw: its first race that is a finding, and its first peek. */
const struct race *race_found(void);
const struct race *race_peeked(void);
/* "data race on kmem.1 head: ..." with each access's source line and locks. */
void race_describe(const struct race *r, char *out, size_t size);

/* Sites: the instructions of the races seen so far. Between passes, those seen become
   scheduling points (race_promote): a plain access there is a point, so the search can
   show what the race does. A schedule string carries the promoted sites. */
void race_see_site(unsigned long pc); /* race_sites.c: race.c saw a race there */
int race_pending(void);               /* sites seen and not yet promoted */
void race_promote(void);              /* every site seen is a point from now on */
void race_forget(void);               /* no site is a point; none pending */
int race_promoted(unsigned long *pcs, int max);
int race_set_promoted(const unsigned long *pcs, int n);
int race_is_site(unsigned long pc); /* a promoted site */

#endif
