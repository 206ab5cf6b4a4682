/* The allocator under exploration, as the explorer sees it beside kalloc and kfree: kmem's
   own mm/ (target_kmem.c: the real allocator or one mutant) or an xv6 lock-lab kalloc.c
   (target_lab.c). One of the two is linked into each explorer binary. */
#ifndef KMEM_EXPLORE_TARGET_H
#define KMEM_EXPLORE_TARGET_H

#include "lab_record.h"
#include <stddef.h>

struct spinlock;

/* The schedule string's VARIANT and TUNABLES fields: which build a schedule belongs to. */
const char *target_variant(void);
const char *target_tunables(void);
/* For the explorer's first line: "real allocator", "lab file kalloc.c", ... */
const char *target_title(void);

/* A fresh allocator over a fresh arena of `pages` pages, booted on hart 0 (the lab file's
   kinit runs here, its points counted as the set-up's). */
void target_boot(int nharts, unsigned long pages);
unsigned long target_boot_pages(void); /* pages the allocator took over at boot */
unsigned long target_free_count(void); /* pages it counts free: on its lists or in flight */

/* A hart's program has ended: the allocator is told as the kernel's dispatcher tells it
   (kmem_hart_idle; a lab file is told nothing). Runs as that hart, explored. */
void target_hart_done(void);

/* deepwait's set-up: a steal by `hart` waits in its in_flight hook, its batch in flight,
   until some kalloc's census has found no page `looks` times (kmem's target only). Release:
   no more holds, and a thief held now goes on. */
void target_hold_thief(int hart, int looks);
void target_release_thief(void);

/* Pages in hart `hart`'s cache (the cached policy; 0 for any other allocator), read as no
   step of any hart; whether the allocator has such caches at all. */
unsigned long target_cached(int hart);
int target_has_caches(void);

/* The lists by their own counters, for stories: how many there are (0: the allocator's
   lists are its own business, as a lab file's are), each one's length into len[]. */
int target_list_lengths(unsigned long *len, int max);
const char *target_list_name(int i, char *buf, size_t size);

/* Each list's chain against its counters, and each cache against its high water; a
   disagreement ends the schedule (ghost.c). only_free: only the lists whose lock no hart
   holds (after a call, while other harts may be inside theirs). */
void target_check_lists(int only_free);

/* The word at addr by the allocator's names for it (a lock, a list's counter, a global). */
void target_name_word(const void *addr, char *out, size_t size);

/* A lock as a story names it: its name, and where it lives when another lock has the
   same name. */
void target_lock_label(const struct spinlock *lk, char *out, size_t size);

/* The command that replays a schedule string of this build (the string follows). */
const char *target_replay_command(void);

/* After every schedule of a search, rule findings that do not depend on the schedule (a
   lab file's lock names, cpuid() with interrupts on), told once; how many rules were
   broken. Fills *said: per lab class (lab_record.h), whether a rule judges it and which
   rules of it were broken ("" when none). */
struct rules_said {
    int judged[LAB_CLASSES];
    char text[LAB_CLASSES][160];
};
int target_rules_report(struct rules_said *said);

#endif
