/* kalloctest's and usertests' child programs as steps (labprog.h). */
#include "labprog.h"
#include "kalloc.h"
#include "printf.h"

static void dot(const struct labproc *p)
{
    if (p->dots && p->round % p->dots == 0)
        printf(".");
}

static enum step_result end_rounds(struct labproc *p)
{
    if (p->says_done)
        printf("child done %lu\n", p->round);
    return STEP_DONE;
}

enum step_result prog_rounds(struct labproc *p)
{
    if (p->round == p->limit)
        return end_rounds(p);
    char *page = kalloc();
    if (!page) {
        p->misses++;
        if (p->on_oom == OOM_FAULTS)
            return labproc_fail(p,
                                "child %d: kalloc returned 0 in round %lu, and the lab's "
                                "child writes to the page: it would fault",
                                p->id, p->round + 1);
        if (p->on_oom == OOM_ENDS)
            return end_rounds(p);
    } else {
        *(volatile int *)(page + 4) = 1;
        kfree(page);
        p->value++;
    }
    p->round++;
    dot(p);
    return STEP_MORE;
}

enum step_result prog_take_all(struct labproc *p)
{
    int *taking = p->shared;
    if (p->phase == 0) {
        if (p->held.count < p->limit && chain_take(&p->held, 1, (unsigned long)p->id) == 1)
            return STEP_MORE;
        p->value = p->held.count;
        p->phase = 1;
        __atomic_sub_fetch(taking, 1, __ATOMIC_ACQ_REL);
    }
    return __atomic_load_n(taking, __ATOMIC_ACQUIRE) == 0 ? STEP_DONE : STEP_WAIT;
}

/* One step of a countfree() in progress; 1 when one has just ended, its count in
   p->value. */
static int countfree_step(struct labproc *p)
{
    if (p->phase == 0) {
        if (chain_take(&p->held, 1, (unsigned long)p->id) == 1)
            return 0;
        p->count = p->held.count;
        p->phase = 1;
    }
    chain_give(&p->held, 1);
    if (p->held.count)
        return 0;
    p->phase = 0;
    p->value = p->count;
    return 1;
}

enum step_result prog_countfree_once(struct labproc *p)
{
    if (!countfree_step(p))
        return STEP_MORE;
    printf("child done 1\n");
    return STEP_DONE;
}

enum step_result prog_countfree_loop(struct labproc *p)
{
    p->round += countfree_step(p);
    return STEP_MORE;
}

enum step_result prog_countfree_pairs(struct labproc *p)
{
    unsigned long first = p->value;
    if (!countfree_step(p))
        return STEP_MORE;
    if (++p->round % 2 == 0 && first > p->value + 1)
        return labproc_fail(p, "test3 FAIL: losing pages %lu %lu", first, p->value);
    return STEP_MORE;
}

enum step_result prog_take_give(struct labproc *p)
{
    if (p->phase == 0) {
        if (p->held.count == p->limit) {
            p->phase = 1;
            return STEP_MORE;
        }
        if (chain_take(&p->held, 1, (unsigned long)p->id) == 0)
            return labproc_fail(p, "test4 FAIL: cannot allocate %lu pages", p->limit);
        return STEP_MORE;
    }
    chain_give(&p->held, 1);
    if (p->held.count == 0) {
        p->phase = 0;
        p->round++;
    }
    return STEP_MORE;
}

enum step_result prog_ask_too_much(struct labproc *p)
{
    if (p->phase == 0) {
        if (chain_take(&p->held, 1, (unsigned long)p->id) == 1) {
            if (p->held.count == p->limit)
                return labproc_fail(p, "child %d got %lu pages, more than exist", p->id, p->limit);
            return STEP_MORE;
        }
        p->value = p->held.count;
        p->phase = 1;
    }
    chain_give(&p->held, 1);
    return p->held.count ? STEP_MORE : STEP_DONE;
}

enum step_result prog_fork_rounds(struct labproc *p)
{
    struct mailbox *m = p->shared;
    if (p->round == p->limit)
        return end_rounds(p);
    if (p->phase == 0) {
        __atomic_store_n(&m->slot, MAIL_ASK, __ATOMIC_RELEASE);
        p->phase = 1;
        return STEP_WAIT;
    }
    unsigned long got = __atomic_load_n(&m->slot, __ATOMIC_ACQUIRE);
    if (got == MAIL_ASK)
        return STEP_WAIT;
    if (got == MAIL_NONE)
        p->misses++;
    else
        kfree((void *)got);
    m->slot = 0;
    p->phase = 0;
    p->round++;
    dot(p);
    return STEP_MORE;
}

enum step_result prog_grandchild(struct labproc *p)
{
    struct mailbox *m = p->shared;
    if (__atomic_load_n(&m->slot, __ATOMIC_ACQUIRE) != MAIL_ASK)
        return STEP_WAIT;
    char *page = kalloc();
    if (page)
        page[0] = 1;
    __atomic_store_n(&m->slot, page ? (unsigned long)page : MAIL_NONE, __ATOMIC_RELEASE);
    p->round++;
    return STEP_MORE;
}
