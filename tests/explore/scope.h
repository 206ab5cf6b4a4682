/* What a search covers: the most preemptions each scenario is searched at in each pass, and
   the scope an "ok" states (harts, pages, bound, what the model leaves out). Shared by the
   bounded search (main.c) and lab mode's verdicts (verdicts.c). */
#ifndef KMEM_EXPLORE_SCOPE_H
#define KMEM_EXPLORE_SCOPE_H

#include <stddef.h>

#include "explorer.h"

/* The second pass (raced instructions as points) searches at most this many preemptions:
   a stale value's consequence is one preemption at the raced instruction away, and every
   such point multiplies the schedules. */
#define PASS2_BOUND 1

/* The most preemptions sc is searched at in pass 1 or 2 of a search bounded by `bound`
   (a shallow scenario, hundreds of pages, at 0). */
int scope_bound(const struct scenario *sc, int bound, int pass);

/* The memory model's stale reads (store_history.c) are explored in the schedules of at
   most this many preemptions (--stale-preemptions; default 1): every load that may read an
   older store multiplies the schedules, and a weakened order needs few preemptions to
   show. Above it, every load reads the latest store. */
extern int scope_stale_preemptions;
/* The stale-read bound of a search at preemption bound b, when the run asked for `stale`. */
int scope_stale(int stale, int b);

struct scope {
    int bound;                        /* the search's */
    int stale;                        /* its stale-read bound (store_history.c) */
    int stale_preemptions;            /* in schedules of at most this many preemptions */
    int harts_lo, harts_hi;           /* over the scenarios searched */
    unsigned long pages_lo, pages_hi; /* free pages, over those searched at `bound` */
    unsigned long shallow_pages;      /* the most of a scenario searched at 0 only (0: none) */
};
void scope_start(struct scope *s, int bound, int stale);
void scope_add(struct scope *s, const struct scenario *sc, unsigned long universe);
/* "2-4 harts, 4-12 pages, <= 2 preemptions, <= 1 stale read with <= 1 preemption; plain
   accesses checked for races; ..." */
void scope_text(const struct scope *s, char *out, size_t size);

#endif
