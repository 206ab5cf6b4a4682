/* A told story kept as data: one row per line the story tells, with every hart's locks and
   the page counts at that line. The explorer prints them as records (step) for the
   pictures scripts/lib/story_pictures.py draws: a swimlane and a Chrome trace. */
#ifndef KMEM_EXPLORE_STORY_ROWS_H
#define KMEM_EXPLORE_STORY_ROWS_H

#include "explorer.h"

/* What a row tells: a call, its return, a hart that stops (preempted, waits, pauses), ... */
struct story_row {
    unsigned long step;
    int hart;                            /* -1: the story's end (the finding) */
    const char *kind;                    /* a word: call, return, runs, preempted, ... */
    char *text;                          /* the line, as the story says it after "hart N" */
    char *where;                         /* the code: "func (file:line) < caller ..." or "" */
    char locks[EXPLORE_MAX_HARTS][64];   /* each hart's locks then, "a,b" ("" none) */
    char waits[48];                      /* the lock this hart spins on, or "" */
    unsigned long free, in_flight, held; /* pages: free, cut off a list, held by harts */
    int lists_known;                     /* in_flight is meaningful (kmem's own lists) */
};

/* A new story begins (story_print): the scenario and the run that found it. */
void rows_begin(const struct scenario *sc, const struct run_result *res);
/* Adds a row to the story being told; returns it for the caller to fill. */
struct story_row *rows_add(unsigned long step, int hart, const char *kind, const char *text);

/* Fills r->locks from each hart's held locks (bit i: the lock registry's lock i). */
void rows_name_locks(struct story_row *r, const unsigned long *held);

/* The stories told so far: how many, and story i's id (0, 1, ...) for rows_print. */
int rows_stories(void);

/* Story i as records: "steps TAG NHARTS SCENARIO WHAT FINDING" then a "step TAG ..." per
   row (fields in story_rows.c), TAG naming it (a bug class, or its finding). */
void rows_print(int i, const char *tag);

/* Every story told, as a block of its own ("begin stories"), tagged by finding: for
   --steps, which scripts/explore --trace reads. */
void rows_print_block(void);

#endif
