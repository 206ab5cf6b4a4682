/* The scenarios' kalloc and kfree, and the invariants checked on every schedule. The ghost
   state is kept outside the allocator, from what the harts' calls return:
   - no page twice: a page kalloc returns is held by no hart;
   - no false out-of-memory, exactly: a kalloc that returns 0 must have met, at some step
     of the call, a moment when every page was held by a hart or claimed by a call in
     progress. A call claims a page only if it could have taken it by then, as its outcome
     shows: a kfree in progress (its page is not free until it returns) and a kalloc in
     progress that returns a page; the kalloc that returns 0 claims none. That is the
     most any correct allocator can have had in use at that step (the calls may take
     effect at any instant within them: linearizability), so a 0 with fewer is false,
     with no page of slack. Under the cached policy the pages in the cache of another
     hart that has not finished count as held: what 0 means there (mm/kmem_cached.c).
     In a schedule with a stale read (store_history.c), time is happens-before, not the
     order of the steps: a page counts as free for a kalloc only if the kfree that freed it
     happens before the kalloc began (its hart has synchronised with the freeing hart
     since); a page whose kfree it cannot yet know of may be missed, as a C11 kalloc that
     linearises before that kfree would. A schedule with no stale read is sequentially
     consistent, and the order of its steps is time.
     Which calls return a page is known when they end, so each 0 is judged at the end of
     the schedule; if pages were lost, the loss is the finding;
   - no page lost: at the end, with every held page freed, hart 0 and then each other
     hart in turn take exactly all the pages the allocator had at boot (ghost_drain);
   - each list's counters (adds - removes) match the pages on its chain after every call,
     on every list whose lock is free (kmem's lists), and no cache holds more than its
     high water (the cached policy).
   Deadlocks and livelocks are sched.c's to see. */
#include <stdio.h>
#include <string.h>

#include "explorer.h"
#include "hart.h"
#include "host_harts.h"
#include "kalloc.h"
#include "race.h"
#include "target.h"

#define GHOST_PAGES 512 /* arena pages a scenario may have */
#define POOL        GHOST_PAGES
#define MAX_CALLS   8192 /* kalloc and kfree calls in one schedule */
#define MAX_SEGS    65536
#define OPEN_MAX    (2 * EXPLORE_MAX_HARTS) /* calls in progress at once (a handler's nest) */

static int nharts;
static unsigned long universe;            /* pages kmem had at boot */
static unsigned char holder[GHOST_PAGES]; /* 0, or 1 + the hart holding the page */
static void *pool[EXPLORE_MAX_HARTS][POOL];
static int npool[EXPLORE_MAX_HARTS];
static unsigned long held; /* pages the harts hold */
/* When each free page became free: the freeing hart and its clock's epoch that covers the
   kfree (-1: before the harts began, known to every hart); freeing: its kfree runs. */
static struct {
    int hart;
    unsigned epoch;
    int freeing;
} freed[GHOST_PAGES];
/* What each finished hart's idle drain put on its list (the cached policy's cache), and
   the epoch that covers it: pages a kalloc cannot know of until it synchronises. */
static struct {
    unsigned long pages;
    unsigned epoch;
} drained[EXPLORE_MAX_HARTS];
static int has_caches; /* the allocator keeps pages in per-hart caches (target_cached) */
static int draining;   /* ghost_drain runs: its frees are told as one line */
/* A kalloc returned 0 with pages free: judged at the end of the schedule, since pages
   lost on the way (a leak) make the same 0, and then the loss is the finding. */
static char suspect_oom[600];

/* Every call of the schedule, and for each kalloc the stretches of its call between two
   call events: the most pages held (and cached elsewhere) in each, and which calls were in
   progress meanwhile (whether they claim a page is known only when they end). */
struct call {
    int hart, kalloc;
    int claims; /* known at its end: a kfree, or a kalloc that returned a page */
    unsigned long from, to;
    int seg, nseg;                     /* its stretches, if a kalloc */
    unsigned clock[EXPLORE_MAX_HARTS]; /* its hart's vector clock when it began */
};
struct seg {
    int owner;             /* the kalloc (call id) it is a stretch of */
    unsigned long most;    /* held (+ others' caches) at its highest in the stretch */
    unsigned long most_hb; /* the same, with the free pages the kalloc cannot know of */
    int open[OPEN_MAX];    /* the calls in progress then (ids), the kalloc's own included */
    int nopen;
};
static struct call calls[MAX_CALLS];
static struct seg segs[MAX_SEGS];
static int ncalls, nsegs, open_calls[OPEN_MAX], nopen;

void ghost_reset(int n, unsigned long pages)
{
    if (host_ram_end() - host_ram_start() > GHOST_PAGES * PGSIZE)
        sched_found(FOUND_PANIC, "scenario has more than %d pages", GHOST_PAGES);
    nharts = n;
    universe = pages;
    has_caches = target_has_caches();
    held = 0;
    draining = 0;
    suspect_oom[0] = 0;
    ncalls = nsegs = nopen = 0;
    for (int i = 0; i < GHOST_PAGES; i++) {
        holder[i] = 0;
        freed[i].hart = -1;
        freed[i].freeing = 0;
    }
    for (int i = 0; i < EXPLORE_MAX_HARTS; i++) {
        npool[i] = 0;
        drained[i].pages = 0;
    }
}

unsigned long ghost_page_number(const void *page)
{
    return ((unsigned long)page - host_ram_start()) / PGSIZE;
}

/* A page kalloc returned: one of the arena's, held by no hart; now held by `hart`. */
static unsigned long take_page(int hart, void *p)
{
    unsigned long pa = (unsigned long)p;
    if (pa < host_ram_start() || pa >= host_ram_end() || pa % PGSIZE)
        sched_found(FOUND_PANIC, "hart %d's kalloc returned %p, not a page kmem manages", hart, p);
    unsigned long n = ghost_page_number(p);
    if (holder[n])
        sched_found(FOUND_TWICE,
                    "hart %d's kalloc returned page #%lu, which hart %d holds (its kalloc "
                    "returned it and it has not freed it)",
                    hart, n, holder[n] - 1);
    holder[n] = (unsigned char)(hart + 1);
    held++;
    return n;
}

/* What a kalloc of `hart` sees held now besides the calls: the harts' pages, and the
   pages in the caches of the other harts still running. */
static unsigned long held_for(int hart)
{
    unsigned long now = held;
    for (int h = 0; h < nharts && has_caches; h++) {
        if (h != hart && !sched_finished(h))
            now += target_cached(h);
    }
    return now;
}

/* Free pages that the kalloc `c` cannot know of: freed by a kfree that does not happen
   before c began. */
static unsigned long unknown_to(const struct call *c)
{
    unsigned long n = 0, pages = (host_ram_end() - host_ram_start()) / PGSIZE;
    for (unsigned long i = 0; i < pages; i++)
        n += !holder[i] && !freed[i].freeing && freed[i].hart >= 0 &&
             freed[i].epoch > c->clock[freed[i].hart];
    for (int h = 0; h < nharts; h++)
        if (h != c->hart && drained[h].pages && drained[h].epoch > c->clock[h])
            n += drained[h].pages;
    return n > universe ? universe : n;
}

/* A call began or ended: every kalloc in progress starts a new stretch. */
static int cur_seg[OPEN_MAX]; /* each call in progress: its latest stretch (-1: a kfree) */

static void new_stretches(void)
{
    for (int i = 0; i < nopen; i++) {
        struct call *c = &calls[open_calls[i]];
        cur_seg[i] = -1;
        if (!c->kalloc)
            continue;
        if (nsegs == MAX_SEGS)
            sched_found(FOUND_PANIC, "more than %d stretches of calls in one schedule", MAX_SEGS);
        struct seg *g = &segs[nsegs];
        g->most = held_for(c->hart);
        g->most_hb = g->most + unknown_to(c);
        g->nopen = nopen;
        memcpy(g->open, open_calls, (size_t)nopen * sizeof(int));
        g->owner = open_calls[i];
        cur_seg[i] = nsegs;
        if (!c->nseg++)
            c->seg = nsegs;
        nsegs++;
    }
}

static int call_begin(int hart, int kalloc)
{
    if (ncalls == MAX_CALLS || nopen == OPEN_MAX)
        sched_found(FOUND_PANIC, "more than %d calls in one schedule", MAX_CALLS);
    int id = ncalls++;
    calls[id] = (struct call){hart, kalloc, 0, sched_step(), 0, 0, 0, {0}};
    if (sched_exploring())
        memcpy(calls[id].clock, race_clock(hart), sizeof(calls[id].clock));
    open_calls[nopen++] = id;
    new_stretches();
    return id;
}

static void call_end(int id, int claims)
{
    calls[id].claims = claims;
    calls[id].to = sched_step();
    for (int i = 0; i < nopen; i++) {
        if (open_calls[i] == id) {
            for (int k = i + 1; k < nopen; k++)
                open_calls[k - 1] = open_calls[k];
            nopen--;
            break;
        }
    }
    new_stretches();
}

void ghost_step(void)
{
    if (!has_caches)
        return;
    for (int i = 0; i < nopen; i++) { /* caches change at any step */
        if (cur_seg[i] < 0)
            continue;
        struct seg *g = &segs[cur_seg[i]];
        unsigned long now = held_for(calls[open_calls[i]].hart);
        unsigned long now_hb = now + unknown_to(&calls[open_calls[i]]);
        if (now > g->most)
            g->most = now;
        if (now_hb > g->most_hb)
            g->most_hb = now_hb;
    }
}

/* The epoch of hart's clock that covers what it did since its clock read `began`: a
   release in between published the epoch before its tick, which every access before the
   release is within. */
static unsigned epoch_covering(int hart, unsigned began)
{
    unsigned now = race_clock(hart)[hart];
    return now > began ? now - 1 : now;
}

void ghost_hart_done(int hart)
{
    unsigned long cached = has_caches && sched_exploring() ? target_cached(hart) : 0;
    unsigned began = sched_exploring() ? race_clock(hart)[hart] : 0;
    drained[hart].pages = cached;
    drained[hart].epoch = ~0u; /* while it runs, no kalloc can know of its pages */
    target_hart_done();
    if (cached)
        drained[hart].epoch = epoch_covering(hart, began);
}

/* The most pages held or claimed at any step of call id (a kalloc that returned 0), and,
   in a schedule with a stale read, that it could not know were free. */
static unsigned long most_accounted(int id)
{
    unsigned long most = 0;
    int hb = search_stale_reads() > 0;
    for (int i = calls[id].seg; i < nsegs; i++) {
        if (segs[i].owner != id)
            continue;
        unsigned long n = hb ? segs[i].most_hb : segs[i].most;
        for (int k = 0; k < segs[i].nopen; k++)
            n += (unsigned long)calls[segs[i].open[k]].claims;
        if (n > most)
            most = n;
    }
    return most;
}

/* At the end of the schedule, every call has ended: each 0 judged. */
static void judge_zeros(void)
{
    for (int id = 0; id < ncalls && !suspect_oom[0]; id++) {
        const struct call *c = &calls[id];
        if (!c->kalloc || c->claims || !c->nseg)
            continue;
        unsigned long most = most_accounted(id);
        if (most < universe)
            snprintf(suspect_oom, sizeof(suspect_oom),
                     "hart %d's kalloc returned 0 (steps %lu-%lu), yet at every step of the "
                     "call at least %lu of the %lu pages were free: held by no hart%s, and "
                     "claimed by no call in progress%s (the harts held and claimed at most "
                     "%lu; a kfree in progress and a kalloc that returned a page claim one, "
                     "the kalloc that returned 0 none)",
                     c->hart, c->from, c->to, universe - most, universe,
                     has_caches ? " and in no cache of another running hart" : "",
                     search_stale_reads() ? ", freed by kfrees that happen before the call" : "",
                     most);
    }
}

int sc_take(int hart)
{
    unsigned long from = sched_step();
    int told = story_recording && sched_exploring(); /* the set-up is summed up instead */
    if (told)
        story_event(hart, from, "kalloc()");
    int id = call_begin(hart, 1);
    sched_call_begin("kalloc");
    void *p = kalloc();
    sched_call_end();
    call_end(id, p != 0);
    if (!p) {
        if (told)
            story_event(hart, sched_step(), "kalloc() returns 0");
        target_check_lists(1);
        return 0;
    }
    unsigned long n = take_page(hart, p);
    pool[hart][npool[hart]++] = p;
    if (told)
        story_event(hart, sched_step(), "kalloc() returns page #%lu", n);
    target_check_lists(1);
    return 1;
}

int sc_give(int hart)
{
    if (npool[hart] == 0)
        return 0;
    void *p = pool[hart][--npool[hart]];
    unsigned long n = ghost_page_number(p);
    holder[n] = 0;
    held--;
    if (story_recording && sched_exploring() && !draining)
        story_event(hart, sched_step(), "kfree(page #%lu)", n);
    freed[n].freeing = 1;
    unsigned began = sched_exploring() ? race_clock(hart)[hart] : 0;
    int id = call_begin(hart, 0);
    sched_call_begin("kfree");
    kfree(p);
    sched_call_end();
    freed[n].freeing = 0;
    freed[n].hart = sched_exploring() ? hart : -1;
    if (sched_exploring())
        freed[n].epoch = epoch_covering(hart, began);
    call_end(id, 1);
    if (!draining)
        target_check_lists(1);
    return 1;
}

int sc_give_first(int hart)
{
    if (npool[hart] == 0)
        return 0;
    void *first = pool[hart][0]; /* to the top of its pool: sc_give frees it */
    for (int i = 0; i + 1 < npool[hart]; i++)
        pool[hart][i] = pool[hart][i + 1];
    pool[hart][npool[hart] - 1] = first;
    return sc_give(hart);
}

void sc_hand(int from, int to)
{
    while (npool[from] > 0) {
        void *p = pool[from][--npool[from]];
        holder[ghost_page_number(p)] = (unsigned char)(to + 1);
        pool[to][npool[to]++] = p;
    }
}

unsigned long sc_held(int hart)
{
    return (unsigned long)npool[hart];
}

extern __thread struct hart *host_hart;

/* After every hart has finished: each hart's pages are freed on its own list (as that
   hart), then hart 0 takes pages until kalloc returns 0, and, if pages are still missing,
   each other hart in turn does (an allocator that does not steal still has them all).
   Pages no hart can take are lost; a false out-of-memory seen on the way is told only if
   none are (the 0 was the loss, not a race). */
void ghost_drain(void)
{
    judge_zeros();
    target_check_lists(0);
    if (story_recording)
        story_event(0, sched_step(),
                    "frees the %lu pages the harts hold, each onto its holder's list", held);
    draining = 1;
    for (int h = 0; h < nharts; h++) {
        host_hart = &harts[h];
        while (sc_give(h))
            ;
        target_hart_done();
    }
    draining = 0;
    unsigned long taken = 0;
    for (int h = 0; h < nharts && taken < universe; h++) {
        host_hart = &harts[h];
        unsigned long by_this = 0;
        for (;;) {
            sched_call_begin("kalloc");
            void *p = kalloc();
            sched_call_end();
            if (!p)
                break;
            take_page(0, p);
            by_this++;
        }
        taken += by_this;
        if (story_recording && h == 0)
            story_event(0, sched_step(), "took %lu pages, then kalloc() returned 0", by_this);
        else if (story_recording)
            story_event(0, sched_step(), "as hart %d (which may not steal), took %lu more", h,
                        by_this);
    }
    host_hart = &harts[0];
    if (taken != universe)
        sched_found(FOUND_LOST,
                    "with every page freed, the harts in turn took %lu of the %lu pages the "
                    "allocator had at boot: %lu are on no list any hart can reach%s",
                    taken, universe, universe - taken,
                    suspect_oom[0] ? " (an earlier kalloc returned 0 for want of them)" : "");
    if (suspect_oom[0])
        sched_found(FOUND_FALSE_OOM, "%s", suspect_oom);
}
