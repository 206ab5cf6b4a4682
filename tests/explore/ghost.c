/* The scenarios' kalloc and kfree, and the invariants checked on every schedule. The ghost
   state is kept outside the allocator, from what the harts' calls return:
   - no page twice: a page kalloc returns is held by no hart;
   - no false out-of-memory: a kalloc that returns 0 must have met, at some step of the
     call, a moment when the harts held every page. A kalloc or kfree in progress counts
     as holding one page (the page it is taking may already be off every list, the page it
     is freeing may not be on one yet), so the check never blames a correct allocator.
     Under the cached policy the pages in the cache of another hart that has not finished
     count as held too: what 0 means there (mm/kmem_cached.c);
     It is judged at the end of the schedule: if pages were lost, the loss is the finding;
   - no page lost: at the end, with every held page freed, hart 0 and then each other
     hart in turn take exactly all the pages the allocator had at boot (ghost_drain);
     before that, each list's counters (adds - removes) must match the pages on it, as the
     census trusts them (kmem's lists; a lab file's are its own).
   Deadlocks and livelocks are sched.c's to see. */
#include <stdio.h>

#include "explorer.h"
#include "hart.h"
#include "host_harts.h"
#include "kalloc.h"
#include "target.h"

#define GHOST_PAGES 256 /* arena pages a scenario may have */
#define POOL        GHOST_PAGES

static int nharts;
static unsigned long universe;            /* pages kmem had at boot */
static unsigned char holder[GHOST_PAGES]; /* 0, or 1 + the hart holding the page */
static void *pool[EXPLORE_MAX_HARTS][POOL];
static int npool[EXPLORE_MAX_HARTS];
static unsigned long held; /* pages the harts hold */
static int busy;           /* kalloc and kfree calls in progress */
static int in_kalloc[EXPLORE_MAX_HARTS];
static unsigned long most[EXPLORE_MAX_HARTS]; /* held + busy at its highest during the call */
static int has_caches; /* the allocator keeps pages in per-hart caches (target_cached) */
static int draining;   /* ghost_drain runs: its frees are told as one line */
/* A kalloc returned 0 with pages free: judged at the end of the schedule, since pages
   lost on the way (a leak) make the same 0, and then the loss is the finding. */
static char suspect_oom[400];

void ghost_reset(int n, unsigned long pages)
{
    if (host_ram_end() - host_ram_start() > GHOST_PAGES * PGSIZE)
        sched_found(FOUND_PANIC, "scenario has more than %d pages", GHOST_PAGES);
    nharts = n;
    universe = pages;
    has_caches = target_has_caches();
    held = 0;
    busy = 0;
    draining = 0;
    suspect_oom[0] = 0;
    for (int i = 0; i < GHOST_PAGES; i++)
        holder[i] = 0;
    for (int i = 0; i < EXPLORE_MAX_HARTS; i++)
        npool[i] = in_kalloc[i] = 0;
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

/* What each hart in kalloc sees held now: the harts' pages, one for each call in
   progress, and the pages in the caches of the other harts still running. Without
   caches this only grows when a call starts, so sc_take is the only caller it needs;
   with them, caches change at any step (points.c calls it at every one). */
static void note_held(int with_caches)
{
    for (int i = 0; i < nharts; i++) {
        if (!in_kalloc[i])
            continue;
        unsigned long now = held + (unsigned long)busy;
        for (int h = 0; h < nharts && with_caches; h++) {
            if (h != i && !sched_finished(h))
                now += target_cached(h);
        }
        if (now > most[i])
            most[i] = now;
    }
}

void ghost_step(void)
{
    if (has_caches && busy)
        note_held(1);
}

int sc_take(int hart)
{
    in_kalloc[hart] = 1;
    busy++;
    most[hart] = 0;
    note_held(has_caches);
    unsigned long from = sched_step();
    int told = story_recording && sched_exploring(); /* the set-up is summed up instead */
    if (told)
        story_event(hart, from, "kalloc()");
    sched_call_begin("kalloc");
    void *p = kalloc();
    sched_call_end();
    busy--;
    in_kalloc[hart] = 0;
    if (!p) {
        if (told)
            story_event(hart, sched_step(), "kalloc() returns 0");
        if (most[hart] < universe && !suspect_oom[0])
            snprintf(suspect_oom, sizeof(suspect_oom),
                     "hart %d's kalloc returned 0 (steps %lu-%lu), yet at every step of the "
                     "call at least %lu of the %lu pages were free: the harts held at most "
                     "%lu, counting each kalloc and kfree in progress as one",
                     hart, from, sched_step(), universe - most[hart], universe, most[hart]);
        return 0;
    }
    unsigned long n = take_page(hart, p);
    pool[hart][npool[hart]++] = p;
    if (told)
        story_event(hart, sched_step(), "kalloc() returns page #%lu", n);
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
    busy++;
    if (story_recording && sched_exploring() && !draining)
        story_event(hart, sched_step(), "kfree(page #%lu)", n);
    sched_call_begin("kfree");
    kfree(p);
    sched_call_end();
    busy--;
    return 1;
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
    target_check_lists();
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
