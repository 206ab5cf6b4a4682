/* kalloctest's processes, without processes. The lab forks children that run a loop of
   sbrk calls; here a child is a program of small steps (one kalloc or one kfree each)
   pinned to a hart, as the 2025 lab pins its children with cpupin(). Child k runs on hart
   index k mod (harts): when there are fewer harts than children, the children of one hart
   take turns in time slices, as xv6's scheduler would interleave them. A child either
   ends by itself or runs until the others have ended and is then killed (the lab's
   kill(pid)); either way it then "exits": every page it holds is freed on its hart. */
#ifndef KMEM_LABPROC_H
#define KMEM_LABPROC_H

#include "pagechain.h"

#define LABPROC_MAX 16

/* STEP_WAIT: no progress is possible until another child acts; a child sharing its hart
   then gives up the rest of its slice. */
enum step_result { STEP_MORE, STEP_WAIT, STEP_DONE };

struct labproc {
    /* Set by the test. */
    enum step_result (*step)(struct labproc *p);
    int forever;         /* runs until the children that end by themselves have ended */
    unsigned long limit; /* the program's size: rounds, pages, ... */
    unsigned long dots;  /* print '.' every `dots` rounds (0: never), as the lab does */
    int on_oom;          /* what a round whose kalloc returns 0 does (labprog.h) */
    int says_done;       /* prints "child done <rounds>" at the end, as the lab's loops do */
    void *shared;        /* what the test's children share */
    /* The program's state. */
    int id;   /* child number, 0.. */
    int hart; /* the hart index it is pinned to */
    int phase;
    unsigned long round;  /* rounds done */
    unsigned long misses; /* kallocs that returned 0 */
    unsigned long value;  /* the program's result (a count, ...) */
    unsigned long count;  /* the countfree() in progress: pages taken so far */
    struct pagechain held;
    char failure[112]; /* why the child failed (the lab's message); empty if it did not */
    int exited;
};

/* Starts n children (n <= LABPROC_MAX) and returns when all have exited. */
void labproc_run(struct labproc *procs, int n);

/* Inside a step: the child fails with the lab's message and exits. Returns STEP_DONE. */
enum step_result labproc_fail(struct labproc *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The first failed child of the last run, or 0. */
const struct labproc *labproc_failed(const struct labproc *procs, int n);

#endif
