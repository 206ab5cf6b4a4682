/* kalloctest's children as pinned, time-sliced step programs (labproc.h). */
#include "labproc.h"
#include "clock.h"
#include "hart.h"
#include "on_harts.h"
#include "printf.h"

/* A child's turn when it shares its hart: long next to a step (one kalloc or kfree),
   short next to a test, so that the children of one hart all make progress. */
#define SLICE_MS 1

static struct labproc *procs;
static int nprocs;
static int finite_running; /* children that end by themselves and have not yet */
static int killing;        /* set when they all have: the others are killed */
static unsigned long slice_ticks;

/* The child exits: the pages it holds go back, on its own hart. */
static void child_exit(struct labproc *p)
{
    chain_give(&p->held, ~0UL);
    p->exited = 1;
    if (!p->forever && __atomic_sub_fetch(&finite_running, 1, __ATOMIC_ACQ_REL) == 0)
        __atomic_store_n(&killing, 1, __ATOMIC_RELEASE);
}

/* One turn of a child: steps until it ends, is killed, or its slice is over (when it
   shares the hart). Returns 1 if the child has exited. */
static int take_turn(struct labproc *p, int sharing)
{
    unsigned long until = clock_ticks() + slice_ticks;
    for (;;) {
        if (p->forever && __atomic_load_n(&killing, __ATOMIC_ACQUIRE)) {
            child_exit(p);
            return 1;
        }
        enum step_result r = p->step(p);
        if (r == STEP_DONE) {
            child_exit(p);
            return 1;
        }
        if (sharing && (r == STEP_WAIT || clock_ticks() >= until))
            return 0;
    }
}

static void run_children_here(void *arg)
{
    (void)arg;
    int me = this_hart()->index;
    struct labproc *mine[LABPROC_MAX];
    int n = 0;
    for (int k = 0; k < nprocs; k++) {
        if (procs[k].hart == me)
            mine[n++] = &procs[k];
    }
    int live = n;
    while (live > 0) {
        for (int k = 0; k < n; k++) {
            if (!mine[k]->exited && take_turn(mine[k], n > 1))
                live--;
        }
    }
}

void labproc_run(struct labproc *run, int n)
{
    if (n > LABPROC_MAX)
        n = LABPROC_MAX;
    struct hartset online = hartset_online();
    int harts[KMEM_MAX_HARTS], nharts = 0;
    for (int i = 0; i < hart_count(); i++) {
        if (hartset_has(&online, i))
            harts[nharts++] = i;
    }
    int finite = 0;
    for (int k = 0; k < n; k++) {
        run[k].id = k;
        run[k].hart = harts[k % nharts];
        run[k].phase = 0;
        run[k].round = run[k].misses = run[k].value = run[k].count = 0;
        run[k].failure[0] = '\0';
        run[k].exited = 0;
        chain_init(&run[k].held);
        finite += !run[k].forever;
    }
    procs = run;
    nprocs = n;
    finite_running = finite;
    killing = finite == 0;
    slice_ticks = clock_ms_to_ticks(SLICE_MS);
    on_all_harts(run_children_here, 0);
}

enum step_result labproc_fail(struct labproc *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->failure, sizeof(p->failure), fmt, ap);
    va_end(ap);
    return STEP_DONE;
}

const struct labproc *labproc_failed(const struct labproc *run, int n)
{
    for (int k = 0; k < n; k++) {
        if (run[k].failure[0])
            return &run[k];
    }
    return 0;
}
