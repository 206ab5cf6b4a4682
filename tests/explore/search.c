/* How the explorer chooses at each point: depth-first over every schedule with at most
   `bound` preemptions (CHESS's preemption bounding, stateless: each schedule is run again
   from a fresh kmem_init, its earlier choices replayed), a given schedule (--replay), or
   PCT's randomised priorities (Burckhardt et al., ASPLOS 2010). A load that may read more
   than one store (store_history.c) is a choice too, its options bounded apart: at most
   search_stale_bound loads of a schedule read other than the latest store. Whatever
   chooses, a schedule is recorded as the points where the choice was not the default. */
#include <stdlib.h>
#include <string.h>

#include "explorer.h"
#include "random.h"
#include "search.h"

static enum search_mode mode;

/* Depth-first: the choices of the schedule being run, one per point with options. */
struct branch {
    unsigned long step;
    int n, chosen;
    int read; /* a load's choice of store: option i > 0 is a stale read */
    int opts[SEARCH_MAX_OPTIONS], cost[SEARCH_MAX_OPTIONS];
    int preemptions, stales; /* before this point */
};
static struct branch *stack;
static size_t depth, room, next;
static int bound, preemptions, stales;
int search_stale_bound = 1;

/* The schedule being run, as its departures from the default; for replay, the wanted one. */
static struct departure ran[SEARCH_MAX_DEPARTURES], wanted[SEARCH_MAX_DEPARTURES];
static int nran, nwanted, iwanted;
static char *refusal; /* set when the wanted schedule does not fit this build */
static char refusal_text[200];

/* PCT: a priority per hart (higher runs first) and the steps where the running hart's
   priority drops below every other. */
static int priority[EXPLORE_MAX_HARTS];
static unsigned long change_at[SEARCH_MAX_DEPTH];
static int nchanges, ichange;

void search_start_dfs(int preemption_bound)
{
    mode = SEARCH_DFS;
    bound = preemption_bound;
    depth = 0;
}

void search_start_replay(const struct departure *d, int n)
{
    mode = SEARCH_REPLAY;
    memcpy(wanted, d, (size_t)n * sizeof(*d));
    nwanted = n;
}

/* One PCT run of depth d over about `length` steps, from seed and run number. */
void search_start_pct(int nharts, int d, unsigned long length, unsigned long seed,
                      unsigned long run)
{
    mode = SEARCH_PCT;
    unsigned long rng = random_start(seed, (int)run);
    for (int i = 0; i < EXPLORE_MAX_HARTS; i++) /* harts past nharts never run */
        priority[i] = i < nharts ? d + i : 1 << 30;
    for (int i = nharts - 1; i > 0; i--) { /* a random order of d .. d+n-1 */
        int j = (int)(random_next(&rng) % (unsigned long)(i + 1)), t = priority[i];
        priority[i] = priority[j];
        priority[j] = t;
    }
    nchanges = d - 1 < SEARCH_MAX_DEPTH ? d - 1 : SEARCH_MAX_DEPTH;
    for (int i = 0; i < nchanges; i++)
        change_at[i] = 1 + random_next(&rng) % (length ? length : 1);
}

void search_begin_run(void)
{
    next = 0;
    preemptions = stales = 0;
    nran = 0;
    iwanted = 0;
    ichange = 0;
    refusal = 0;
}

static void refuse(const char *why)
{
    if (!refusal) {
        strncpy(refusal_text, why, sizeof(refusal_text) - 1);
        refusal = refusal_text;
    }
}

static void record(unsigned long step, int departure)
{
    if (nran < SEARCH_MAX_DEPARTURES)
        ran[nran] = (struct departure){step, departure};
    nran++;
}

static int dfs_choose(unsigned long step, const int *opts, const int *cost, int n, int read)
{
    if (next < depth) { /* replaying the prefix: the run must meet the same choices */
        struct branch *b = &stack[next++];
        if (b->step != step || b->n != n || memcmp(b->opts, opts, (size_t)n * sizeof(int)))
            search_nondeterministic(step);
        return b->chosen;
    }
    if (depth == room) {
        room = room ? 2 * room : 1024;
        stack = realloc(stack, room * sizeof(*stack));
        if (!stack)
            search_nondeterministic(0);
    }
    struct branch *b = &stack[depth++];
    b->step = step;
    b->n = n;
    b->chosen = 0;
    b->read = read;
    b->stales = stales;
    memcpy(b->opts, opts, (size_t)n * sizeof(int));
    memcpy(b->cost, cost, (size_t)n * sizeof(int));
    b->preemptions = preemptions;
    next = depth;
    return 0;
}

static int replay_choose(unsigned long step, const int *opts, int n)
{
    if (iwanted >= nwanted || wanted[iwanted].step > step)
        return 0;
    if (wanted[iwanted].step < step) {
        refuse("a departure falls on a step where this build has no choice to make");
        return 0;
    }
    int hart = wanted[iwanted++].hart;
    for (int i = 0; i < n; i++) {
        if (opts[i] == hart)
            return i;
    }
    refuse("a departure names a hart that cannot run at that step in this build");
    return 0;
}

/* A hart that pauses goes below every other, as CHESS's fair scheduler does with a thread
   that yields: it waits for the others, so a spin can never starve the hart it waits for
   (which would be the search's artefact, not the allocator's livelock). */
static void pct_pause(void)
{
    int lowest = priority[sched_current()];
    for (int i = 0; i < EXPLORE_MAX_HARTS; i++) {
        if (priority[i] < lowest)
            lowest = priority[i];
    }
    priority[sched_current()] = lowest - 1;
}

static int pct_choose(const int *opts, int n)
{
    for (; ichange < nchanges && change_at[ichange] <= sched_step(); ichange++)
        priority[sched_current()] = nchanges - ichange; /* below every starting priority */
    int best = 0;
    for (int i = 1; i < n; i++) {
        if (opts[i] >= EXPLORE_MAX_HARTS) /* an interrupt: PCT delivers none */
            continue;
        if (priority[opts[i]] > priority[opts[best]])
            best = i;
    }
    return best;
}

int search_choose(unsigned long step, const int *opts, const int *cost, int n, int pausing)
{
    if (mode == SEARCH_PCT && pausing)
        pct_pause();
    int c = mode == SEARCH_DFS      ? dfs_choose(step, opts, cost, n, 0)
            : mode == SEARCH_REPLAY ? replay_choose(step, opts, n)
                                    : pct_choose(opts, n);
    preemptions += cost[c];
    if (c != 0 && nran <= SEARCH_MAX_DEPARTURES) /* one more than room: too many */
        record(step, opts[c]);
    return c;
}

int search_choose_read(unsigned long step, int n)
{
    int opts[SEARCH_MAX_OPTIONS], cost[SEARCH_MAX_OPTIONS] = {0}, c = 0;
    if (n > SEARCH_MAX_OPTIONS)
        n = SEARCH_MAX_OPTIONS;
    for (int i = 0; i < n; i++)
        opts[i] = SEARCH_READ_BASE + i;
    if (mode == SEARCH_DFS)
        c = dfs_choose(step, opts, cost, n, 1);
    else if (mode == SEARCH_REPLAY)
        c = replay_choose(step, opts, n); /* PCT: every load reads the latest store */
    if (c != 0) {
        stales++;
        if (nran <= SEARCH_MAX_DEPARTURES)
            record(step, opts[c]);
    }
    return c;
}

/* Depth-first: the next schedule within the bound (1), or none left (0). The deepest
   point with an untried option that the bound allows takes it; the points after it are
   chosen afresh. */
int search_next_dfs(void)
{
    while (depth > 0) {
        struct branch *b = &stack[depth - 1];
        for (int i = b->chosen + 1; i < b->n; i++) {
            if (b->read ? b->stales + 1 <= search_stale_bound
                        : b->preemptions + b->cost[i] <= bound) {
                b->chosen = i;
                return 1;
            }
        }
        depth--;
    }
    return 0;
}

const char *search_end_run(void)
{
    if (mode == SEARCH_REPLAY && iwanted < nwanted)
        refuse("the schedule ended before its last departure");
    return refusal;
}

int search_preemptions(void)
{
    return preemptions;
}

int search_stale_reads(void)
{
    return stales;
}

int search_departures(const struct departure **d)
{
    *d = ran;
    return nran > SEARCH_MAX_DEPARTURES ? -1 : nran;
}
