/* The explorer's memory model: C11's release/acquire and relaxed atomics, in the subset
   RC11 (Lahav et al., PLDI 2017) keeps, over the words the code under test accesses through
   arch/explore/once.h and a lab file's __atomic_/__sync_ builtins. Each such word keeps its
   stores in modification order, each with the vector clock that made it; a load may read
   any of them that coherence and happens-before allow, not only the latest, and which one
   it reads is a choice of the search (a stale read), bounded per schedule like
   preemptions (--stale N). docs/explorer.md says what is modelled and what is not. */
#ifndef KMEM_EXPLORE_STORE_HISTORY_H
#define KMEM_EXPLORE_STORE_HISTORY_H

#include "explore_point.h"

#define HISTORY_MAX 8 /* stores kept per word: a load may read one of the last 8 */

void history_begin(int nharts); /* a schedule's harts begin: every word's history is new */
void history_end(void);         /* they have finished: the drain after them reads the latest */

/* The running hart's atomic accesses, as they happen (after their scheduling point). A
   load returns the value it reads: the latest store's (what memory holds), or, if
   `choose` and the search so decides, an older one's. */
unsigned long history_load(const void *addr, unsigned size, int order, int choose);
/* A store or read-modify-write at instruction pc (the race detector's name for it). */
void history_store(const void *addr, unsigned size, int order, int rmw, unsigned long pc);
void history_fence(int order);
/* A plain store to a word that has a history (race.c's shadow knows which words do). */
void history_plain_store(const void *addr);

#endif
