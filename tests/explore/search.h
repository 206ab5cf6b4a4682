/* The explorer's search strategies (search.c), as main.c drives them, and the schedule
   string that names one schedule (schedule.c). */
#ifndef KMEM_EXPLORE_SEARCH_H
#define KMEM_EXPLORE_SEARCH_H

#include "explorer.h"

#define SEARCH_MAX_DEPARTURES 512 /* a schedule's departures from the default, recorded */
#define SEARCH_MAX_DEPTH      16  /* PCT's depth */
#define SEARCH_MAX_OPTIONS    8   /* harts, or the stores a load may read (HISTORY_MAX) */

enum search_mode { SEARCH_DFS, SEARCH_REPLAY, SEARCH_PCT };

/* At `step`, `hart` ran instead of the default; a hart from EXPLORE_MAX_HARTS on is an
   interrupt taken by hart - EXPLORE_MAX_HARTS, from SEARCH_READ_BASE on a load that read
   the store hart - SEARCH_READ_BASE back from the latest. */
struct departure {
    unsigned long step;
    int hart;
};

void search_start_dfs(int preemption_bound);
void search_start_replay(const struct departure *d, int n);
void search_start_pct(int nharts, int depth, unsigned long length, unsigned long seed,
                      unsigned long run);
void search_begin_run(void);      /* before each sched_run */
const char *search_end_run(void); /* after it: 0, or why a replay was refused */
int search_next_dfs(void);        /* 1: another schedule to run; 0: all done */
/* The departures of the run just ended; -1 if there were more than SEARCH_MAX_DEPARTURES. */
int search_departures(const struct departure **d);
/* The same prefix of choices met other options: the scenario is not deterministic. */
void search_nondeterministic(unsigned long step) __attribute__((noreturn));

/* schedule.c. "kx1:SCENARIO:VARIANT:TUNABLES:DEPARTURES:HASH:CHECK", e.g.
   kx1:handback:no_own_look:m2w2s3l2+s1:118h1,140h0:5d3ac29e:3f1a. VARIANT is "real" or
   the mutant's name; TUNABLES the steal path's scaled thresholds, then +sN, the stale-read
   bound it was found under (none: 0), and +p and the race sites that were points;
   DEPARTURES "STEPhHART,..." (STEPiHART an interrupt, STEPrBACK a stale read) or "-";
   HASH the trace's (the steps a replay must take again); CHECK guards the rest. */
#define SCHEDULE_MAX 8192
void schedule_format(char *out, const struct scenario *sc, const struct departure *d, int n,
                     unsigned long hash);
/* 0 and the parts, or -1 with why in `why` (the string is not one of this build's). */
int schedule_parse(const char *s, const struct scenario **sc, struct departure *d, int *n,
                   unsigned long *hash, char *why, unsigned long why_size);
/* The run took the steps the string's hash records (hash: the run's; recorded: parsed). */
int schedule_hash_matches(unsigned long recorded, unsigned long hash);
const char *schedule_variant(void); /* this build's: "real" or the mutant's name */
const char *schedule_tunables(void);

/* main.c: a finding's schedule string and (unless quiet) its story; the story of a
   schedule, run again and recorded. verdicts.c: lab mode's verdict per bug class. */
extern int quiet;
double now(void);
void explore_report(const struct scenario *sc, const struct run_result *r);
void explore_run_one(const struct scenario *sc, struct run_result *r); /* the next schedule */
void explore_tell(const struct scenario *sc, const struct departure *d, int n, unsigned long hash);
int explore_verdicts(int bound, int stale);
/* bounded.c: scenario `only` (or "all") under every schedule of up to `bound` preemptions
   (with `first`, stop at the first finding); `runs` PCT schedules of depth d. 1 if a
   finding. */
int explore_bounded(const char *only, int bound, int stale, int first);
int explore_pct(const struct scenario *sc, unsigned long runs, int d, unsigned long seed);
int explore_litmus(int stale); /* litmus.c: the memory model's litmus tests */

#endif
