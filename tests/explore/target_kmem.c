/* The explorer's target when it runs kmem's own mm/: the real allocator or one mutant of
   mm/kmem_mutants.def (KMEM_MUTANT), with the steal path's thresholds scaled down
   (tests/explore/CMakeLists.txt). Its lists are known: stories show their lengths, and
   every list's chain is checked against its counters. */
#include <stddef.h>
#include <stdio.h>

#include "explorer.h"
#include "freelist.h"
#include "host_harts.h"
#include "kalloc.h"
#include "kmem_cached.h"
#include "kmem_steal.h"
#include "spinlock.h"
#include "story_where.h"
#include "target.h"

#ifndef KMEM_MUTANT
#define KMEM_MUTANT 0
#endif
#ifndef KMEM_EXPLORE_CACHED
#define KMEM_EXPLORE_CACHED 0 /* 1: the cached policy (mm/kmem_cached.c) */
#endif

const char *target_variant(void)
{
#undef MUTANT /* kmem_mutant.h's, for mm/: here, the table's names */
#define MUTANT(name, id, policy, test, what)                                                       \
    if (KMEM_MUTANT == id)                                                                         \
        return #name;
#include "kmem_mutants.def"
#undef MUTANT
    return KMEM_EXPLORE_CACHED ? "cached" : "real";
}

const char *target_tunables(void)
{
    static char text[48];
    int n = snprintf(text, sizeof(text), "m%dw%ds%dl%d", KMEM_STEAL_MAX, KMEM_WALK_OUTSIDE,
                     KMEM_STEAL_WORTH, KMEM_SCARCE_LOOKS);
    if (KMEM_EXPLORE_CACHED)
        snprintf(text + n, sizeof(text) - (size_t)n, "b%dh%d", KMEM_CACHE_BATCH, KMEM_CACHE_HIGH);
    return text;
}

const char *target_title(void)
{
    static char text[160];
    snprintf(text, sizeof(text), "%s%s allocator (thresholds %s)", target_variant(),
             KMEM_EXPLORE_CACHED && KMEM_MUTANT != 0 ? " (cached policy)" : "", target_tunables());
    return text;
}

/* The steal path's test hooks are points too, named in stories. A held thief
   (target_hold_thief) waits in the first: the explorer wakes it when empty_passes moves. */
static int held_thief = -1, hold_looks;
static unsigned long empty_passes;

void target_hold_thief(int hart, int looks)
{
    held_thief = hart;
    hold_looks = looks;
}

void target_release_thief(void)
{
    held_thief = -1;
    hold_looks = 0;
    empty_passes++; /* the word a held thief sleeps on changes: it wakes and goes on */
}

static void at_in_flight(void)
{
    explore_point(EXPLORE_HOOK, "in_flight (a batch cut, not landed)");
    if (sched_current() != held_thief)
        return;
    held_thief = -1;
    while (empty_passes < (unsigned long)hold_looks)
        explore_wait(&empty_passes, sizeof(empty_passes), empty_passes);
}

static void at_empty_pass(void)
{
    explore_point(EXPLORE_HOOK, "empty_pass (a census saw no page on the other lists)");
    empty_passes++;
}

static const struct kmem_hooks explore_hooks = {at_in_flight, at_empty_pass};

void target_boot(int nharts, unsigned long pages)
{
    host_boot(nharts, pages);
    kmem_policy.set_hooks(&explore_hooks);
    held_thief = -1;
    empty_passes = 0;
    race_watch((const void *)host_ram_start(), host_ram_end() - host_ram_start());
}

void target_hart_done(void)
{
    sched_call_begin("kmem_hart_idle");
    kmem_hart_idle();
    sched_call_end();
}

unsigned long target_cached(int hart)
{
#if KMEM_EXPLORE_CACHED
    return kmem_cached_pages(hart);
#else
    (void)hart;
    return 0;
#endif
}

int target_has_caches(void)
{
    return KMEM_EXPLORE_CACHED;
}

unsigned long target_boot_pages(void)
{
    return kmem_boot_pages();
}

unsigned long target_free_count(void)
{
    return kmem_free_count();
}

int target_list_lengths(unsigned long *len, int max)
{
    int n = kmem_nlists < max ? kmem_nlists : max;
    for (int i = 0; i < n; i++)
        len[i] = freelist_length(&kmem_lists[i]);
    return n;
}

const char *target_list_name(int i, char *buf, size_t size)
{
    snprintf(buf, size, "kmem.%d", i);
    return buf;
}

/* Every list's freed pages, walked, against its counters. The walk stops past the
   universe: a longer chain is a cycle or a page on two lists. */
void target_check_lists(int only_free)
{
    unsigned long universe = kmem_boot_pages();
    for (int i = 0; i < kmem_nlists; i++) {
        const struct freelist *fl = &kmem_lists[i];
        if (only_free && fl->lock.locked)
            continue;
        unsigned long walked = 0;
        for (const struct run *r = fl->head; r && walked <= universe; r = r->next)
            walked++;
        if (walked != freelist_linked(fl))
            sched_found(FOUND_MISCOUNT,
                        "%s has %s%lu freed pages on its chain, but its counters say %lu "
                        "(adds %lu - removes %lu - %lu fresh)",
                        fl->name, walked > universe ? "more than " : "",
                        walked > universe ? universe : walked, freelist_linked(fl), fl->adds,
                        fl->removes, fl->fresh_pages);
    }
#if KMEM_EXPLORE_CACHED
    for (int i = 0; i < kmem_nlists; i++) {
        if (kmem_cached_pages(i) > kmem_policy.cache_held_max())
            sched_found(FOUND_MISCOUNT, "hart %d's cache holds %lu pages, above its high water %lu",
                        i, kmem_cached_pages(i), kmem_policy.cache_held_max());
    }
#endif
}

void target_name_word(const void *addr, char *out, size_t size)
{
    const char *a = addr;
    const char *lists = (const char *)kmem_lists;
    if (a < lists || a >= (const char *)(kmem_lists + kmem_nlists)) {
        where_data(addr, out, size);
        return;
    }
    int i = (int)((a - lists) / (long)sizeof(struct freelist));
    size_t off = (size_t)(a - lists) % sizeof(struct freelist);
    static const struct {
        size_t off;
        const char *name;
    } fields[] = {
        {offsetof(struct freelist, lock.locked), "lock"},
        {offsetof(struct freelist, lock.n), "#acquire"},
        {offsetof(struct freelist, lock.nts), "#test-and-set"},
        {offsetof(struct freelist, lock.holder), "lock's holder"},
        {offsetof(struct freelist, head), "head"},
        {offsetof(struct freelist, tail), "tail"},
        {offsetof(struct freelist, fresh_pages), "fresh_pages"},
        {offsetof(struct freelist, nfresh), "nfresh"},
        {offsetof(struct freelist, adds), "adds"},
        {offsetof(struct freelist, removes), "removes"},
    };
    for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
        if (fields[f].off == off) {
            snprintf(out, size, "kmem.%d %s", i, fields[f].name);
            return;
        }
    }
    snprintf(out, size, "kmem.%d+%zu", i, off);
}

void target_lock_label(const struct spinlock *lk, char *out, size_t size)
{
    snprintf(out, size, "%s", lk->name ? lk->name : "a lock with no name");
}

const char *target_replay_command(void)
{
    return "scripts/explore --replay";
}

/* kmem's own code breaks no lab rule: nothing to tell. */
int target_rules_report(struct rules_said *said)
{
    static const struct rules_said none;
    *said = none;
    return 0;
}
