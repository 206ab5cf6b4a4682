/* Stealing, for the per-hart policy (kmem_perhart.c): a hart whose own list is empty takes
   a batch from another hart's list, or learns, without a false alarm, that no page is free
   anywhere. Only kalloc's slow path comes here: the fast path never touches this state.

   Lock order: a thief never holds two kmem locks. It takes the victim's lock, cuts the
   batch off, releases it, and only then takes its own lock to store the batch; so two
   harts stealing from each other cannot deadlock. */
#include "kmem_steal.h" /* the lists, freelist.h and kalloc.h */
#include "clock.h"
#include "intr.h"
#include "kmem_mutant.h"
#include "once.h"
#include "panic.h"
#include "watchdog.h"

/* Why kalloc never reports a false out-of-memory, with no shared write on the fast path.

   A page that is free is on some list or in flight: cut off a victim by a thief and not
   yet landed. Every count below only ever grows, so a count read twice with the same
   value did not change in between:
     - each list's adds and removes (freelist.h), written by the list's lock holder;
     - flights.cut, the pages ever cut off a victim, raised before the victim's removes;
     - flights.landed, the pages of those ever landed, raised (a release) after the
       thief's adds, so pages reach their list before they leave flight.

   A census (take_census) reads every other list's removes then adds, then landed then
   cut. A list read with removes == adds was empty between the two reads; landed == cut
   likewise means nothing was in flight. kalloc gives up only when two censuses in a row
   found every other list empty and nothing in flight, and the sums of adds and landed did
   not move from the first to the second: every count is monotone, so equal sums mean no
   count moved, and when the first census ended every list was empty and no page was in
   flight. No page was free then, which is what 0 means. The caller's own list is left
   out of the census but looked at before each one: its owner is in kalloc with interrupts
   off, yet a thief handing back the rest of a detached chain (hand_back) adds to its
   victim's list, which may be the caller's. (Without that look, a hart robbed while it
   was starting to steal gave 0 with those pages on its own list: seen once in exhaust at
   -m 1G, 392 pages.)

   "Then" and "between" are C11's happens-before, not a clock (the schedule explorer
   checks this under C11's model, tests/explore/store_history.c; RISC-V's RVWMO is
   stronger). A census reads without locks, so what it may read stale is bounded only by
   what it has synchronised with. Three orders carry the argument, and each is needed (the
   explorer's mutants census_removes_relaxed, cut_out_relaxed, census_landed_relaxed and
   landed_relaxed each give a false out-of-memory, docs/explorer.md):
     - a thief counts its batch out of the victim with a store-release, after counting it
       in flight, and the census reads removes with an acquire: a census that sees a list
       emptied by a thief sees the batch in flight (or landed);
     - a thief raises landed with a release after its adds, and the census reads landed
       with an acquire: the second census then sees those adds, so its sum moves;
     - a count read out of step (adds below removes, which the acquire on removes does
       not forbid when the adds were made by a kfree the census has not synchronised with)
       is a list changing, not an empty one: glance counts it as one page.
   What needs no order: the census's load of adds and of cut, and the cut's own add. A
   census that read landed synchronised with every thief whose landing it counts, and each
   of those raised cut before it landed, so the cut it reads next is at least the landed it
   read (in flight is never negative); and a batch whose removes it read comes with its cut
   through the release above. A kfree's adds need no release either: a kalloc is owed only
   the pages of kfrees that happen before it, and those adds it cannot read stale
   (coherence). On RISC-V a census of n lists is n + 1 `fence r,rw` (2n + 2 before) and the
   cut a plain amoadd; the published count out adds one `fence rw,w` to the steal.

   A census that sees pages in flight, or that differs from the one before, is no reason
   to give up: kalloc backs off and takes another. The fast path (kalloc and kfree on a
   list that has pages) writes only its own list's cache line; the census and the flights
   line are the steal path's cost. Pages in flight belong to a thief that runs with
   interrupts off and lands them within a few instructions, so a census that has seen
   pages in flight for as long as the lock watchdog's bound stops the run (starving). */
static struct {
    unsigned long cut;    /* pages ever cut off a victim's list by a thief */
    unsigned long landed; /* of those, pages that reached a list or the thief's kalloc */
} flights __attribute__((aligned(CACHE_LINE)));

struct census {
    unsigned long adds;      /* sum of every other list's adds */
    unsigned long pages;     /* pages seen on those lists */
    unsigned long landed;    /* flights.landed */
    unsigned long in_flight; /* flights.cut - flights.landed */
    unsigned long most;      /* the longest of those lists */
};

/* fl's length without its lock: removes (an acquire: a thief's batch counted out comes
   with its flight), then adds; *adds (if asked) gets the adds read. Counts read out of
   step (adds below removes) are a list that changes: one page, never a huge length. */
static unsigned long glance(const struct freelist *fl, unsigned long *adds)
{
    unsigned long removes =
        MUTANT(census_removes_relaxed) ? load_once(fl->removes) : load_acquire(fl->removes);
    unsigned long a = load_once(fl->adds);
    if (adds)
        *adds = a;
    return a >= removes ? a - removes : 1;
}

/* A census of every list but the thief's (0: every list). */
static void take_census(const struct freelist *thief, struct census *c)
{
    *c = (struct census){0, 0, 0, 0, 0};
    for (const struct freelist *fl = kmem_lists; fl < kmem_lists + kmem_nlists; fl++) {
        if (fl == thief)
            continue;
        unsigned long adds, length = glance(fl, &adds);
        if (MUTANT(census_skips_single) && length == 1)
            length = 0;
        c->adds += adds;
        c->pages += length;
        if (length > c->most)
            c->most = length;
    }
    c->landed =
        MUTANT(census_landed_relaxed) ? load_once(flights.landed) : load_acquire(flights.landed);
    c->in_flight = load_once(flights.cut) - c->landed;
}

void kmem_steal_reset(void)
{
    flights.cut = flights.landed = 0;
}

/* How many pages to take from a victim holding `length`: half of them, so both harts keep
   a share and the next steal is far off for both, but at most steal_max (KMEM_STEAL_MAX,
   64 pages = 256 KiB), because the batch is walked link by link and one thief should not
   hoard what many may soon need; and at least one, or the last page could never be
   stolen. */
#ifndef KMEM_STEAL_MAX
#define KMEM_STEAL_MAX 64
#endif
static unsigned long steal_max = KMEM_STEAL_MAX;

static unsigned long steal_batch(unsigned long length)
{
    unsigned long n = length / 2;
    if (n > steal_max)
        n = steal_max;
    if (n == 0)
        n = length;
    return n;
}

void kmem_steal_set_max(unsigned long pages)
{
    steal_max = pages ? pages : 1;
}

/* Test kernels (KMEM_TEST_HOOKS) let a test stop a hart at two points of the steal path,
   to set up the races of "Why kalloc never reports a false out-of-memory" on purpose. */
#if KMEM_TEST_HOOKS
static struct kmem_hooks hooks;
#define HOOK(point)                                                                                \
    do {                                                                                           \
        if (hooks.point)                                                                           \
            hooks.point();                                                                         \
    } while (0)

void kmem_steal_set_hooks(const struct kmem_hooks *h)
{
    hooks = h ? *h : (struct kmem_hooks){0, 0};
}
#else
#define HOOK(point) ((void)0)
#endif

/* Victims are tried fullest first: the list with the most pages is the one a steal
   leaves least short, and thieves that see different lengths spread out instead of all
   queueing on the next list round the ring. Lengths are read lock-free; a stale one only
   costs a try. STEAL_TRIES victims per look, then kalloc backs off and looks again. */
#define STEAL_TRIES 3

static int fullest(const struct freelist *thief, const unsigned char *tried)
{
    int me = (int)(thief - kmem_lists), best = -1;
    unsigned long most = 0;
    for (int k = 1; k < kmem_nlists; k++) { /* ties: the first after the thief wins */
        int i = (me + k) % kmem_nlists;
        unsigned long length = glance(&kmem_lists[i], 0);
        if (!tried[i] && length > most) {
            most = length;
            best = i;
        }
    }
    return best;
}

/* A long chain of freed pages is not walked under its owner's lock: the owner may be
   freeing or allocating on it right now, and would spin for the whole walk (64 links and
   more), and longer still if the thief's hart is interrupted or, under emulation,
   descheduled meanwhile. Instead the thief detaches the whole chain (a few instructions),
   walks it with no lock held, and hands back what it does not take, under the pages the
   owner has freed meanwhile. Worth a second trip to the victim's lock only for a long
   chain: WALK_OUTSIDE links or more to walk, and at least as many to hand back.
   (This threshold and the two of steal_now are overridable at build time only so that the
   schedule explorer, tests/explore, can reach each branch with a handful of pages.) */
#ifndef KMEM_WALK_OUTSIDE
#define KMEM_WALK_OUTSIDE 16
#endif
#define WALK_OUTSIDE KMEM_WALK_OUTSIDE

static int walk_outside(const struct freelist *victim, unsigned long want)
{
    return want >= WALK_OUTSIDE && freelist_linked(victim) >= 2 * want;
}

/* The second half of a steal that detached victim's whole chain into b: keeps the first
   `want` pages in b, and hands the rest back to the victim, landing them there (they were
   in flight since the detach). Returns want. */
static unsigned long hand_back(struct freelist *victim, struct batch *b, unsigned long want,
                               struct freelist *thief)
{
    struct run *last = b->first;
    for (unsigned long i = 1; i < want; i++)
        last = last->next;
    struct run *rest = last->next, *rest_tail = b->tail;
    unsigned long back = b->nlinked - want;
    last->next = 0;
    b->tail = last;
    b->nlinked = want;

    __acquire(&victim->lock);
    freelist_append_below(MUTANT(hand_back_to_thief) ? thief : victim, rest, rest_tail, back);
    victim->returned += back;
    victim->robbed_pages += want;
    add_release(flights.landed, back);
    freelist_unlock(victim);
    TRACE(TRACE_HAND_BACK, (unsigned long)(victim - kmem_lists), back);
    return want;
}

/* Called with interrupts off and no kmem lock held, when thief's list is empty: moves a
   batch from another hart's list to thief's and returns one page of it, or 0 if no victim
   gave one (all tried were empty or busy). A busy victim is skipped, not waited for: its
   lock is tried once (__try_acquire; the failed swap counts in tot like any other). */
static struct run *steal(struct freelist *thief)
{
    TRACE(TRACE_STEAL, (unsigned long)(thief - kmem_lists), 0); /* a span to the TRACE_STOLE */
    unsigned char tried[KMEM_MAX_HARTS] = {0};
    /* The mutant is the students' version of the bug: every other list, in turn. */
    int tries = MUTANT(steal_holding_own) ? kmem_nlists - 1 : STEAL_TRIES;
    for (int t = 0; t < tries; t++) {
        int v = MUTANT(steal_holding_own) ? (int)(thief - kmem_lists + 1 + t) % kmem_nlists
                                          : fullest(thief, tried);
        if (v < 0)
            break;
        tried[v] = 1;
        struct freelist *victim = &kmem_lists[v];

        if (MUTANT(steal_holding_own))
            __acquire(&thief->lock), __acquire(&victim->lock);
        else if (!__try_acquire(&victim->lock))
            continue;
        struct batch batch;
        unsigned long want = steal_batch(freelist_length(victim)), n, detached = 0;
        if (!MUTANT(steal_holding_own) && walk_outside(victim, want))
            n = detached = freelist_detach_linked(victim, &batch);
        else
            n = freelist_cut(victim, want, &batch);
        /* cut_uncapped_count's bug: the batch steal_max did not cap is counted out */
        unsigned long uncapped = freelist_length(victim) / 2;
        unsigned long out = MUTANT(cut_uncapped_count) && !detached && uncapped > n ? uncapped : n;
        if (n) {
            if (!MUTANT(cut_published_late))
                add_relaxed(flights.cut, n); /* in flight, then off (published by the next) */
            if (MUTANT(cut_out_relaxed))
                count_out(victim, out);
            else
                count_out_published(victim, out);
            if (MUTANT(cut_published_late))
                add_relaxed(flights.cut, n);
            victim->robbed++;
            if (!detached)
                victim->robbed_pages += n;
        }
        freelist_unlock(victim);
        if (!n) {
            if (MUTANT(steal_holding_own))
                freelist_unlock(thief);
            continue;
        }

        /* The pages are in flight now: counted in flights, on no list. */
        HOOK(in_flight);
        if (detached)
            n = hand_back(victim, &batch, want, thief);
        unsigned long landing = batch_pages(&batch);
        if (MUTANT(landed_early))
            add_release(flights.landed, landing);
        if (!MUTANT(steal_holding_own))
            __acquire(&thief->lock);
        struct run *r = freelist_land(thief, &batch);
        if (MUTANT(land_counts_kept))
            count_in(thief, 1);
        thief->steals++;
        thief->stolen += n;
        if (MUTANT(landed_relaxed))
            add_relaxed(flights.landed, landing);
        else if (!MUTANT(landed_early))
            add_release(flights.landed, landing);
        freelist_unlock(thief);
        TRACE(TRACE_STOLE, (unsigned long)v, n);
        return r;
    }
    TRACE(TRACE_STOLE, TRACE_NOBODY, 0);
    return 0;
}

/* kalloc has found nothing `waits` times in a row while pages were in flight or lists
   kept changing. Pages in flight land within a few instructions, so a hart that has seen
   them for as long as the lock watchdog's bound is looking at pages that were lost: stop
   the run saying so, instead of spinning for ever. since: as for watchdog_spinning. */
static unsigned long starving(unsigned long waits, unsigned long since, const struct census *c)
{
    if (waits % 256 != 0)
        return since;
    unsigned long now = clock_ticks(), bound = watchdog_bound_ms();
    if (!since)
        return now;
    if (bound && now - since > clock_ms_to_ticks(bound))
        panic("kalloc: for %lu ms no steal has found a page, with %lu pages in flight and %lu "
              "on lists at the last of %lu looks (pages lost?)",
              bound, c->in_flight, c->pages, waits);
    return since;
}

/* A failed look waits before the next: 2^BACK_OFF_MIN spins after the first, twice as
   long each time after that, up to 2^BACK_OFF_MAX. Harts short of memory then do not
   hammer the few locks that still guard pages: in test4 (memory pressure, -smp 8) a
   start at 2^1 gave a median tot per acquire of 1.6% over 12 runs, a start at 2^7 (with
   the second look below) 0.38%. The wait spins on nothing shared: it is not a lock
   wait, and tot does not count it. (Overridable at build time only for the schedule
   explorer, where pauses in a row are one step: it builds both at 1, so as not to call
   its pause thousands of times a back-off.) */
#ifndef KMEM_BACK_OFF_MAX
#define KMEM_BACK_OFF_MIN 7
#define KMEM_BACK_OFF_MAX 14
#endif
#define BACK_OFF_MIN KMEM_BACK_OFF_MIN
#define BACK_OFF_MAX KMEM_BACK_OFF_MAX

static void back_off(unsigned long waits)
{
    unsigned long shift = BACK_OFF_MIN - 1 + waits;
    unsigned long spins = 1UL << (shift < BACK_OFF_MAX ? shift : BACK_OFF_MAX);
    for (unsigned long i = 0; i < spins; i++)
        cpu_relax();
}

/* Whether a look that saw pages should steal now. A list of STEAL_WORTH pages or more is
   robbed at once. Shorter lists, while the lists keep changing, are mostly pages their
   owners are cycling through (rob one and its owner must rob someone else: under memory
   pressure that chain of thefts of last pages was most of the lock contention) or lists
   that are growing as a hart frees (wait, and they offer a batch). So a thief that sees
   only short lists looks again at once, and if they changed in between, backs off and
   looks again, up to SCARCE_LOOKS times, before it takes what there is; if nothing
   changed between two looks, waiting cannot help and it takes at once. Only the wait is
   bounded, never the answer: 0 still means no page was free. */
#ifndef KMEM_STEAL_WORTH
#define KMEM_STEAL_WORTH 8
#endif
#ifndef KMEM_SCARCE_LOOKS
#define KMEM_SCARCE_LOOKS 8
#endif
#define STEAL_WORTH  KMEM_STEAL_WORTH
#define SCARCE_LOOKS KMEM_SCARCE_LOOKS

static int steal_now(const struct census *now, const struct census *last, unsigned long looks,
                     unsigned long waits)
{
    int unchanged = looks > 1 && now->adds == last->adds && now->landed == last->landed;
    return now->most >= STEAL_WORTH || waits >= SCARCE_LOOKS || unchanged ||
           MUTANT(steal_holding_own);
}

struct run *kmem_steal(struct freelist *mine)
{
    if (MUTANT(no_steal) || (MUTANT(hart0_never_steals) && this_hart()->index == 0))
        return 0;
    struct census now = {0, 0, 0, 0, 0}, last, before = {0, 0, 0, 0, 0};
    int empty_before = 0; /* `before` found every list empty and nothing in flight */
    unsigned long looks = 0, waits = 0, since = 0;
    for (;;) {
        if (!MUTANT(no_own_look) && glance(mine, 0)) { /* handed back meanwhile (hand_back) */
            if (!MUTANT(own_look_no_lock))
                __acquire(&mine->lock);
            struct run *r = freelist_pop(mine);
            if (!MUTANT(own_look_no_lock))
                freelist_unlock(mine);
            if (r)
                return r;
        }
        last = now;
        take_census(mine, &now);
        looks++;
        if (now.pages) {
            int go = steal_now(&now, &last, looks, waits);
            struct run *r = go ? steal(mine) : 0;
            if (r)
                return r;
            empty_before = 0;
            if (!go && looks == 1)
                continue; /* a second look at once: are those short lists changing? */
        } else {
            HOOK(empty_pass);
            if (MUTANT(one_pass))
                return 0;
            if (now.in_flight == 0 || MUTANT(no_flight_check)) {
                if (empty_before && now.adds == before.adds && now.landed == before.landed)
                    return 0;
                before = now;
                empty_before = 1;
                continue; /* the second census at once: no one is to be waited for */
            }
            empty_before = 0;
        }
        back_off(++waits);
        if (MUTANT(gives_up_early) && waits == 4)
            return 0;
        since = starving(waits, since, &now);
    }
}

unsigned long kmem_lists_free(void)
{
    struct census c;
    take_census(0, &c);
    return c.pages + c.in_flight;
}
