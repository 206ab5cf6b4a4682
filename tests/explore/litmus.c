/* The memory model's litmus tests (explore --litmus): the classic shapes, each run under
   every schedule within 2 preemptions and 2 stale reads (--stale, if given), and the
   outcome each is about either seen or never seen, as RC11 (C11's model as GenMC checks
   it) says it must be. With --stale 0 (sequential consistency) the rows C11 allows must
   come out WRONG: the test's own check.
   A mismatch is the model's bug: the explorer would then miss a weakened order, or report
   an outcome no C11 implementation can give. Exit status 0 if every row matches. */
#include <stdio.h>
#include <string.h>

#include "explorer.h"
#include "once.h"
#include "search.h"

#define RLX  __ATOMIC_RELAXED
#define ACQ  __ATOMIC_ACQUIRE
#define REL  __ATOMIC_RELEASE
#define SC   __ATOMIC_SEQ_CST
#define NONE -1 /* no fence */

/* What a test's harts touch: two words and the values they read. Not instrumented (this
   file is the explorer's): every access below is an atomic one, told to the model. */
static unsigned long x, y, r[4];
static int load_order, store_order, fence; /* the variant that runs */

/* once.h's explorer accesses (the allocator's own), with the variant's order. */
static unsigned long load(unsigned long *w, int order)
{
    return explore_load(order == ACQ ? EXPLORE_LOAD_ACQUIRE : EXPLORE_LOAD, *w, order);
}

static void store(unsigned long *w, unsigned long v, int order)
{
    explore_store(order == REL ? EXPLORE_STORE_RELEASE : EXPLORE_STORE, *w, v, order);
}

static void fence_between(void)
{
    if (fence != NONE)
        explore_fence(fence);
}

static void reset(int hart)
{
    if (hart == 0)
        x = y = r[0] = r[1] = r[2] = r[3] = 0;
}

/* Message passing: data, then a flag; the reader sees the flag, then stale data? */
static void mp(int hart)
{
    if (hart == 0) {
        store(&x, 1, RLX);
        fence_between();
        store(&y, 1, store_order);
    } else {
        r[0] = load(&y, load_order);
        fence_between();
        r[1] = load(&x, RLX);
    }
}

/* Store buffering: each stores, then reads the other's word; both read 0? */
static void sb(int hart)
{
    unsigned long *mine = hart ? &y : &x, *other = hart ? &x : &y;
    store(mine, 1, store_order);
    fence_between();
    r[hart] = load(other, load_order);
}

/* Load buffering: each reads the other's word, then stores its own; both read 1? */
static void lb(int hart)
{
    unsigned long *mine = hart ? &y : &x, *other = hart ? &x : &y;
    r[hart] = load(other, load_order);
    store(mine, 1, store_order);
}

/* Independent reads of independent writes: two readers see the two stores in opposite
   orders? */
static void iriw(int hart)
{
    if (hart < 2) {
        store(hart ? &y : &x, 1, store_order);
        return;
    }
    unsigned long *first = hart == 2 ? &x : &y, *second = hart == 2 ? &y : &x;
    r[2 * (hart - 2)] = load(first, load_order);
    fence_between();
    r[2 * (hart - 2) + 1] = load(second, load_order);
}

/* Coherence of two reads: a hart reads x's newer store, then an older one? */
static void corr(int hart)
{
    if (hart == 0) {
        store(&x, 1, RLX);
        store(&x, 2, RLX);
    } else {
        r[0] = load(&x, RLX);
        r[1] = load(&x, RLX);
    }
}

struct litmus {
    const char *name, *orders;
    void (*body)(int hart);
    int nharts;
    int load_order, store_order, fence;
    unsigned long outcome[4]; /* the outcome asked about, r[0..nreads-1] */
    int nreads;
    int allowed; /* by RC11 */
};

static const struct litmus tests[] = {
    {"MP", "relaxed", mp, 2, RLX, RLX, NONE, {1, 0}, 2, 1},
    {"MP", "release/acquire", mp, 2, ACQ, REL, NONE, {1, 0}, 2, 0},
    {"MP", "relaxed + acq_rel fences", mp, 2, RLX, RLX, __ATOMIC_ACQ_REL, {1, 0}, 2, 0},
    {"SB", "relaxed", sb, 2, RLX, RLX, NONE, {0, 0}, 2, 1},
    {"SB", "release/acquire", sb, 2, ACQ, REL, NONE, {0, 0}, 2, 1},
    {"SB", "seq_cst", sb, 2, SC, SC, NONE, {0, 0}, 2, 0},
    {"SB", "relaxed + seq_cst fences", sb, 2, RLX, RLX, SC, {0, 0}, 2, 0},
    {"LB", "relaxed", lb, 2, RLX, RLX, NONE, {1, 1}, 2, 0},
    {"LB", "release/acquire", lb, 2, ACQ, REL, NONE, {1, 1}, 2, 0},
    {"IRIW", "relaxed", iriw, 4, RLX, RLX, NONE, {1, 0, 1, 0}, 4, 1},
    {"IRIW", "release/acquire", iriw, 4, ACQ, REL, NONE, {1, 0, 1, 0}, 4, 1},
    {"IRIW", "seq_cst", iriw, 4, SC, SC, NONE, {1, 0, 1, 0}, 4, 0},
    {"IRIW", "acquire + seq_cst fences", iriw, 4, ACQ, REL, SC, {1, 0, 1, 0}, 4, 0},
    {"CoRR", "relaxed", corr, 2, RLX, RLX, NONE, {2, 1}, 2, 0},
    {0},
};

static void outcome_text(const unsigned long *v, int n, char *out, size_t size)
{
    int len = 0;
    for (int i = 0; i < n; i++)
        len += snprintf(out + len, size - (size_t)len, "%sr%d=%lu", i ? " " : "", i, v[i]);
}

int explore_litmus(int stale)
{
    int bad = 0;
    search_stale_bound = stale;
    say("| test | orders | outcome | RC11 | seen | schedules | result |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n");
    for (const struct litmus *t = tests; t->name; t++) {
        struct scenario sc = {.name = t->name,
                              .what = t->orders,
                              .nharts = t->nharts,
                              .pages = 4,
                              .setup = reset,
                              .body = t->body};
        load_order = t->load_order;
        store_order = t->store_order;
        fence = t->fence;
        unsigned long schedules = 0, seen = 0;
        struct run_result res;
        search_start_dfs(2);
        do {
            explore_run_one(&sc, &res);
            schedules++;
            if (res.found != FOUND_NOTHING) {
                char text[600];
                finding_text(&res, text, sizeof(text));
                say("explore: litmus %s (%s) found %s: %s\n", t->name, t->orders,
                    finding_names[res.found], text);
                return 3;
            }
            seen += memcmp(r, t->outcome, (size_t)t->nreads * sizeof(r[0])) == 0;
        } while (search_next_dfs());
        char what[64];
        outcome_text(t->outcome, t->nreads, what, sizeof(what));
        int ok = (seen > 0) == t->allowed;
        bad += !ok;
        say("| %s | %s | %s | %s | %s | %lu | %s |\n", t->name, t->orders, what,
            t->allowed ? "allowed" : "forbidden", seen ? "seen" : "never", schedules,
            ok ? "ok" : "WRONG");
    }
    say("\n%s\n", bad ? "litmus: the explorer's model disagrees with RC11 (rows marked WRONG)"
                      : "litmus: every outcome as RC11 has it");
    return bad ? 1 : 0;
}
