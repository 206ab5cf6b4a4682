/* The programs kalloctest's and usertests' children run, as labproc steps: each step is
   one kalloc or one kfree (or a look at a mailbox), so that children sharing a hart
   interleave finely. Which program a child runs, and its size, the suite sets. */
#ifndef KMEM_LABPROG_H
#define KMEM_LABPROG_H

#include "labproc.h"

/* What a round does when kalloc returns 0 (the lab's sbrk fails): */
enum {
    OOM_FAULTS, /* the lab writes to the page anyway: the child faults and fails */
    OOM_SKIPS,  /* the round is skipped (the lab's "no freemem, continue") */
    OOM_ENDS,   /* the loop ends (2019's "break") */
};

/* `limit` rounds of kalloc, write an int at offset 4, kfree. value = rounds whose kalloc
   succeeded. */
enum step_result prog_rounds(struct labproc *p);

/* kalloc and hold pages (stamped, touched) until kalloc returns 0 or `limit` pages are
   held; then wait, holding them, until every child of the run running this program has
   stopped taking (shared: an int counting them, set by the suite). value = pages held. */
enum step_result prog_take_all(struct labproc *p);

/* One countfree() (take every free page, give them all back), then "child done 1". */
enum step_result prog_countfree_once(struct labproc *p);

/* countfree() forever (until killed). */
enum step_result prog_countfree_loop(struct labproc *p);

/* Two countfree() calls a round, forever; fails "test3 FAIL: losing pages A B" when the
   second finds more than one page fewer than the first (2024). */
enum step_result prog_countfree_pairs(struct labproc *p);

/* Forever: take exactly `limit` pages, give them all back (the lab's sbrk(npages * 4096)
   and sbrk(-npages * 4096)); fails "test4 FAIL: cannot allocate N pages" if kalloc
   returns 0 first. */
enum step_result prog_take_give(struct labproc *p);

/* usertests' sbrkfail child: asks for far more than exists; when kalloc returns 0 the
   request has failed and, as sbrk does, gives back what it took. value = pages it had. */
enum step_result prog_ask_too_much(struct labproc *p);

/* 2025's test3: `limit` rounds of "fork a child that takes one page and exits": the
   child's page is taken by the grandchild hart (prog_grandchild, sharing a struct
   mailbox) and freed here, where the parent reaps it. A failed kalloc skips the round. */
struct mailbox {
    unsigned long slot; /* 0 empty, MAIL_ASK, MAIL_NONE, or a page's address */
};
#define MAIL_ASK  1UL
#define MAIL_NONE 2UL
enum step_result prog_fork_rounds(struct labproc *p);
enum step_result prog_grandchild(struct labproc *p);

#endif
