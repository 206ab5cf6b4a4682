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

struct scope {
    int bound;                        /* the search's */
    int harts_lo, harts_hi;           /* over the scenarios searched */
    unsigned long pages_lo, pages_hi; /* free pages, over those searched at `bound` */
    unsigned long shallow_pages;      /* the most of a scenario searched at 0 only (0: none) */
};
void scope_start(struct scope *s, int bound);
void scope_add(struct scope *s, const struct scenario *sc, unsigned long universe);
/* "2-4 harts, 4-12 pages, <= 2 preemptions; plain accesses checked for races; ..." */
void scope_text(const struct scope *s, char *out, size_t size);

#endif
