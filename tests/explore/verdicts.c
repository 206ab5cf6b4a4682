/* Lab mode's verdicts from the explorer: every scenario under every schedule with up to
   `bound` preemptions, the search never stopping at a finding, so that each class of bug
   the file has is found (a deadlock does not hide a crash); the first schedule of each
   class, smallest bound first, is told in the file's own lines. A kalloc that returns 0
   with pages free in a schedule with no preemption and no stale read at all is a stealing
   failure (one CPU cannot get memory that sits idle on another's list); with preemptions
   or stale reads, a race (of the harts, or of a load with a store C11 does not order). */
#include <stdio.h>
#include <string.h>

#include "explorer.h"
#include "scope.h"
#include "search.h"
#include "target.h"

enum row {
    ROW_DEADLOCK,
    ROW_CRASH,
    ROW_PANIC,
    ROW_STEALING,
    ROW_FALSE_OOM,
    ROW_LOST,
    ROW_TWICE,
    ROW_LIVELOCK,
    ROW_RACE,
    ROWS
};
static const char *const row_names[ROWS] = {
    [ROW_DEADLOCK] = "deadlock (a cycle of harts waiting on locks)",
    [ROW_CRASH] = "crash (a bad pointer followed)",
    [ROW_PANIC] = "panic",
    [ROW_STEALING] = "stealing (a CPU gets memory idle on another's list)",
    [ROW_FALSE_OOM] = "false out-of-memory under a race",
    [ROW_LOST] = "pages lost",
    [ROW_TWICE] = "page handed out twice",
    [ROW_LIVELOCK] = "livelock (a call that never returns)",
    [ROW_RACE] = "data race (a plain access no lock orders)",
};

struct verdict {
    int found;
    const struct scenario *sc;
    struct departure d[SEARCH_MAX_DEPARTURES];
    int n; /* -1: too many departures to replay */
    unsigned long hash;
    int preemptions, stale_reads;
    int stale_bound; /* the search's, which its schedule string carries */
    enum finding kind;
    char message[1200];
    unsigned long sites[RACE_MAX_SITES]; /* the race sites that were points in its run */
    int nsites;
};
static struct verdict rows[ROWS];

static enum row row_of(const struct run_result *r)
{
    switch (r->found) {
    case FOUND_DEADLOCK:
        return ROW_DEADLOCK;
    case FOUND_CRASH:
        return ROW_CRASH;
    case FOUND_PANIC:
        return ROW_PANIC;
    case FOUND_FALSE_OOM:
        return r->preemptions == 0 && r->stale_reads == 0 ? ROW_STEALING : ROW_FALSE_OOM;
    case FOUND_LOST:
        return ROW_LOST;
    case FOUND_TWICE:
    case FOUND_MISCOUNT:
        return ROW_TWICE;
    case FOUND_RACE:
        return ROW_RACE;
    default:
        return ROW_LIVELOCK;
    }
}

static void keep_as(enum row row, const struct scenario *sc, const struct run_result *r)
{
    struct verdict *v = &rows[row];
    if (v->found)
        return;
    const struct departure *d;
    v->found = 1;
    v->sc = sc;
    v->n = search_departures(&d);
    if (v->n > 0)
        memcpy(v->d, d, (size_t)v->n * sizeof(*d));
    v->hash = r->hash;
    v->preemptions = r->preemptions;
    v->stale_reads = r->stale_reads;
    v->stale_bound = search_stale_bound;
    v->kind = r->found;
    v->nsites = race_promoted(v->sites, RACE_MAX_SITES);
    finding_text(r, v->message, sizeof(v->message));
}

/* A run's finding, and its race too when something worse ended it. */
static void keep(const struct scenario *sc, const struct run_result *r)
{
    keep_as(row_of(r), sc, r);
    if (r->found != FOUND_RACE && r->race.seen) {
        struct run_result race = *r;
        race.found = FOUND_RACE;
        keep_as(ROW_RACE, sc, &race);
    }
}

/* ", 1 stale read" when the schedule has any */
static const char *stale_text(const struct verdict *v)
{
    static char text[32];
    text[0] = 0;
    if (v->stale_reads)
        snprintf(text, sizeof(text), ", %d stale read%s", v->stale_reads,
                 v->stale_reads == 1 ? "" : "s");
    return text;
}

static void tell_row(enum row i)
{
    struct verdict *v = &rows[i];
    say("\nexplore: found %s in %s, with %d preemption%s%s: %s\n", finding_names[v->kind],
        v->sc->name, v->preemptions, v->preemptions == 1 ? "" : "s", stale_text(v), v->message);
    if (v->n < 0) {
        say("schedule: too many departures to print\n");
        return;
    }
    race_set_promoted(v->sites, v->nsites); /* its run's points, for its string and replay */
    search_stale_bound = v->stale_bound;
    char schedule[SCHEDULE_MAX];
    schedule_format(schedule, v->sc, v->d, v->n, v->hash);
    say("schedule: %s\n", schedule);
    say("replay:   %s %s\n", target_replay_command(), schedule);
    if (!quiet)
        explore_tell(v->sc, v->d, v->n, v->hash);
}

int explore_verdicts(int bound, int stale)
{
    unsigned long schedules = 0;
    double start = now(), last_progress = start;
    int nscenarios = 0, raced[64] = {0};
    struct scope scope;
    scope_start(&scope, bound, stale);
    struct race peek = {0};
    /* Pass 2: the scenarios that saw a race or a peek, again, with the races' instructions
       as scheduling points: what a stale value does is then a finding of its own. */
    for (int pass = 1; pass <= 2; pass++) {
        if (pass == 2 && !race_pending())
            break;
        if (pass == 2)
            race_promote();
        for (int b = 0; b <= bound; b++) {
            int i = 0;
            for (const struct scenario *sc = explore_scenarios; sc->name; sc++, i++) {
                if (b > scope_bound(sc, bound, pass) || (pass == 2 && !raced[i]))
                    continue;
                nscenarios += pass == 1 && b == 0;
                struct run_result r;
                search_stale_bound = scope_stale(stale, b);
                search_start_dfs(b);
                do {
                    explore_run_one(sc, &r);
                    schedules++;
                    if (pass == 1)
                        scope_add(&scope, sc, r.universe);
                    raced[i] |= pass == 1 && (r.race.seen || r.peek.seen);
                    if (r.peek.seen && !peek.seen)
                        peek = r.peek;
                    if (r.found != FOUND_NOTHING)
                        keep(sc, &r);
                    if (now() - last_progress > 5) {
                        last_progress = now();
                        fprintf(stderr, "explore: %s bound %d: %lu schedules so far\n", sc->name, b,
                                schedules);
                    }
                } while (search_next_dfs());
            }
        }
    }
    double seconds = now() - start;
    int found = 0;
    for (int i = 0; i < ROWS; i++) {
        if (rows[i].found && !(i == ROW_FALSE_OOM && rows[ROW_STEALING].found)) {
            tell_row((enum row)i);
            found++;
        }
    }
    say("\n");
    if (peek.seen) { /* not a finding: its consequences, if any, are (pass 2) */
        char text[1200];
        race_describe(&peek, text, sizeof(text));
        say("note: %s (explored again with both instructions as scheduling points: a stale "
            "value that matters is a finding above)\n",
            text);
    }
    int rules = target_rules_report();
    char scope_said[300];
    scope_text(&scope, scope_said, sizeof(scope_said));
    say("\nexplorer verdicts (%d scenarios, every schedule with up to %d preemption%s: %lu "
        "schedules, %.1f s):\n",
        nscenarios, bound, bound == 1 ? "" : "s", schedules, seconds);
    for (int i = 0; i < ROWS; i++) {
        struct verdict *v = &rows[i];
        if (i == ROW_FALSE_OOM && rows[ROW_STEALING].found)
            say("  %-52s not judged: stealing fails with no race at all (above)\n", row_names[i]);
        else if (v->found)
            say("  %-52s FOUND in %s, %d preemption%s%s (story above)\n", row_names[i], v->sc->name,
                v->preemptions, v->preemptions == 1 ? "" : "s", stale_text(v));
        else
            say("  %-52s ok: none in %lu schedules (%s)\n", row_names[i], schedules, scope_said);
    }
    say("  %-52s %s\n", "lab rules (lock names, initlock, cpuid(), per-CPU)",
        rules ? "FOUND (rule broken, above)" : "ok: none broken");
    say("explorer: %d finding%s, %d rule%s broken\n", found, found == 1 ? "" : "s", rules,
        rules == 1 ? "" : "s");
    return found || rules;
}
