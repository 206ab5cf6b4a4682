/* Store histories and reads-from choices (store_history.h), on the race detector's vector
   clocks (race.c): a hart's clock ticks at each release, so a store made at hart i's epoch
   e happens before whatever a hart does once it knows clock[i] >= e.

   Which stores a load of word x by hart h may read (C11's coherence rules and its
   visible-side-effect rule): every store from the newest one that is "settled for h" to the
   latest. A store is settled for h if it happens before the load (its epoch is within h's
   clock), or if some load of it (or of a later store) happens before this one (each store
   keeps the epoch at which each hart first read it): a later load never reads further back
   than an earlier one that happens before it. Modification order is the order stores
   happen in the schedule, which the search varies; a read-modify-write reads the latest
   store (atomicity); a load never reads a store that has not happened yet, so po U rf has
   no cycle, as RC11 requires (load buffering's outcome and out-of-thin-air values are
   never produced).

   Synchronisation: an acquire that reads a store joins the store's release clock; a
   release store leaves its hart's clock there; a relaxed store leaves the clock of its
   hart's last release fence (fence-to-acquire), and a read-modify-write joins what the
   store it read left (a release sequence continues through RMWs, C++20's rule: a plain
   or relaxed store of the same hart ends it). A relaxed load's release clock waits for
   the hart's next acquire fence. seq_cst: an SC fence or access joins a global view of
   every SC operation before it (C11's SC-fence rule over a total order S, the schedule's
   order), which settles stores for later loads without making the harts synchronise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explorer.h"
#include "race.h"
#include "sched_hart.h"
#include "store_history.h"
#include "target.h"

#define H     EXPLORE_MAX_HARTS
#define WORDS 512 /* words with a history in one schedule (an open-addressed table) */

struct store {
    unsigned long value; /* the last store's is in memory, and filled at the next store */
    int hart;            /* -1: the value the word had when the harts began */
    unsigned epoch;      /* the hart's clock when it stored */
    unsigned sync[H];    /* what an acquire that reads this store joins */
    unsigned seen[H];    /* the epoch at which each hart first read it (0: never) */
    unsigned long step;
};

struct word {
    const void *addr;
    unsigned gen, size;
    int n; /* stores kept, oldest first */
    struct store s[HISTORY_MAX];
};

static struct word words[WORDS];
static unsigned gen = 1;
static int nharts;
static int on; /* the harts run: the drain after them reads the latest of everything */
static unsigned release_fence[H][H];   /* each hart's clock at its last release fence */
static unsigned acquire_pending[H][H]; /* what its relaxed loads read, for an acquire fence */
static unsigned sc_view[H][H];         /* the SC order's view, at its last SC operation */
static unsigned sc_all[H];             /* every SC operation's clock so far */

void history_begin(int harts)
{
    gen++;
    on = 1;
    nharts = harts;
    memset(release_fence, 0, sizeof(release_fence));
    memset(acquire_pending, 0, sizeof(acquire_pending));
    memset(sc_view, 0, sizeof(sc_view));
    memset(sc_all, 0, sizeof(sc_all));
}

void history_end(void)
{
    on = 0;
}

/* addr's history in this schedule: made on first use, its one store the value the word
   holds then (set before the harts began, or by plain stores the race detector orders). */
static struct word *word_of(const void *addr, unsigned size, int make)
{
    unsigned i = (unsigned)(((unsigned long)addr >> 2) * 2654435761u) % WORDS;
    for (int probes = 0; probes < WORDS; probes++, i = (i + 1) % WORDS) {
        struct word *w = &words[i];
        if (w->gen == gen && w->addr == addr)
            return w;
        if (w->gen == gen)
            continue;
        if (!make)
            return 0;
        w->gen = gen;
        w->addr = addr;
        w->size = size;
        w->n = 1;
        memset(&w->s[0], 0, sizeof(w->s[0]));
        w->s[0].hart = -1;
        race_mark_atomic(addr);
        return w;
    }
    fprintf(stderr, "explore: more than %d atomic words in one schedule\n", WORDS);
    exit(3);
}

/* A new store by the running hart, made last in modification order. */
static struct store *append(struct word *w)
{
    w->s[w->n - 1].value = word_value(w->addr, w->size); /* the latest, before it changes */
    if (w->n == HISTORY_MAX) {
        memmove(&w->s[0], &w->s[1], (HISTORY_MAX - 1) * sizeof(w->s[0]));
        w->n--;
    }
    struct store *s = &w->s[w->n++];
    memset(s, 0, sizeof(*s));
    s->hart = sched_cur;
    s->epoch = race_clock(sched_cur)[sched_cur];
    s->step = sched_steps;
    return s;
}

/* The running hart's view of hart i's clock: what it knows by happens-before, or by the
   SC order. */
static unsigned view(int i)
{
    unsigned hb = race_clock(sched_cur)[i], sc = sc_view[sched_cur][i];
    return hb > sc ? hb : sc;
}

static int settled(const struct store *s)
{
    if (s->hart < 0 || s->epoch <= view(s->hart))
        return 1;
    for (int i = 0; i < nharts; i++)
        if (s->seen[i] && s->seen[i] <= view(i))
            return 1;
    return 0;
}

static int is_acquire(int order)
{
    return order == __ATOMIC_ACQUIRE || order == __ATOMIC_CONSUME || order == __ATOMIC_ACQ_REL ||
           order == __ATOMIC_SEQ_CST;
}

static int is_release(int order)
{
    return order == __ATOMIC_RELEASE || order == __ATOMIC_ACQ_REL || order == __ATOMIC_SEQ_CST;
}

/* An SC operation: it sees every SC operation before it, and they see it from now on. */
static void sc_order(void)
{
    clock_join(sc_all, race_clock(sched_cur));
    clock_join(sc_view[sched_cur], sc_all);
}

/* The running hart reads store s: its synchronisation, and coherence from now on. */
static void read_from(struct store *s, int order)
{
    int h = sched_cur;
    unsigned *clock = race_clock(h);
    clock_join(is_acquire(order) ? clock : acquire_pending[h], s->sync);
    if (!s->seen[h])
        s->seen[h] = clock[h];
}

static void tell_stale(const struct word *w, const struct store *s, unsigned long value)
{
    char name[120];
    const struct store *last = &w->s[w->n - 1];
    target_name_word(w->addr, name, sizeof(name));
    char from[60] = "the value it had before the harts began";
    if (s->hart >= 0)
        snprintf(from, sizeof(from), "hart %d's store at step %lu", s->hart, s->step);
    story_event(sched_cur, sched_steps,
                "reads %s = %lu (%s), not %lu (hart %d's store at step %lu, the latest): no "
                "happens-before edge makes the newer store visible yet",
                name, value, from, word_value(w->addr, w->size), last->hart, last->step);
}

unsigned long history_load(const void *addr, unsigned size, int order, int choose)
{
    unsigned long latest = word_value(addr, size);
    if (sched_phase != SCHED_HARTS || !on)
        return latest;
    if (order == __ATOMIC_SEQ_CST)
        sc_order();
    struct word *w = word_of(addr, size, 1);
    int oldest = w->n - 1;
    while (oldest > 0 && !settled(&w->s[oldest]))
        oldest--;
    int back = 0, choices = w->n - oldest;
    if (choose && choices > 1 && search_stale_bound > 0) {
        sched_own_step(EXPLORE_READ); /* the choice has a step of its own */
        back = search_choose_read(sched_steps, choices);
    }
    struct store *s = &w->s[w->n - 1 - back];
    unsigned long value = back ? s->value : latest;
    read_from(s, order);
    if (back && story_recording)
        tell_stale(w, s, value);
    return value;
}

void history_store(const void *addr, unsigned size, int order, int rmw, unsigned long pc)
{
    if (sched_phase != SCHED_HARTS || !on)
        return;
    int h = sched_cur;
    unsigned *clock = race_clock(h);
    if (order == __ATOMIC_SEQ_CST)
        sc_order();
    struct word *w = word_of(addr, size, 1);
    if (rmw)
        read_from(&w->s[w->n - 1], order); /* an RMW reads the latest store */
    unsigned carried[H] = {0};
    if (rmw)
        memcpy(carried, w->s[w->n - 1].sync, sizeof(carried));
    struct store *s = append(w);
    race_atomic_store(addr, size, pc); /* at the store's epoch, before a release's tick */
    memcpy(s->sync, is_release(order) ? clock : release_fence[h], sizeof(s->sync));
    clock_join(s->sync, carried);
    s->seen[h] = clock[h];
    if (order == __ATOMIC_SEQ_CST)
        clock_join(sc_all, clock);
    if (is_release(order))
        race_tick(h);
}

void history_plain_store(const void *addr)
{
    unsigned long a = (unsigned long)addr;
    struct word *w = word_of(addr, 8, 0); /* the word, of whichever size, that a is in */
    if (!w)
        w = word_of((const void *)(a & ~7UL), 8, 0);
    if (!w)
        w = word_of((const void *)(a & ~3UL), 4, 0);
    if (!w || sched_phase != SCHED_HARTS || !on)
        return;
    struct store *s = append(w); /* releases nothing: it ends the release sequence */
    s->seen[sched_cur] = race_clock(sched_cur)[sched_cur];
}

void history_fence(int order)
{
    if (sched_phase != SCHED_HARTS || !on)
        return;
    int h = sched_cur;
    unsigned *clock = race_clock(h);
    if (is_acquire(order))
        clock_join(clock, acquire_pending[h]);
    if (order == __ATOMIC_SEQ_CST)
        sc_order();
    if (is_release(order)) {
        memcpy(release_fence[h], clock, sizeof(release_fence[h]));
        race_tick(h);
    }
}
