/* Lab mode's verdicts from the explorer: every scenario under every schedule with up to
   `bound` preemptions, the search never stopping at a finding, so that each class of bug
   the file has is found (a deadlock does not hide a crash); the first schedule of each
   class, smallest bound first, is told in the file's own lines. A kalloc that returns 0
   with pages free in a schedule with no preemption at all is a stealing failure (one CPU
   cannot get memory that sits idle on another's list); with preemptions, a race. */
#include <stdio.h>
#include <string.h>

#include "explorer.h"
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
};

struct verdict {
    int found;
    const struct scenario *sc;
    struct departure d[SEARCH_MAX_DEPARTURES];
    int n; /* -1: too many departures to replay */
    unsigned long hash;
    int preemptions;
    enum finding kind;
    char message[512];
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
        return r->preemptions == 0 ? ROW_STEALING : ROW_FALSE_OOM;
    case FOUND_LOST:
        return ROW_LOST;
    case FOUND_TWICE:
    case FOUND_MISCOUNT:
        return ROW_TWICE;
    default:
        return ROW_LIVELOCK;
    }
}

static void keep(const struct scenario *sc, const struct run_result *r)
{
    struct verdict *v = &rows[row_of(r)];
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
    v->kind = r->found;
    snprintf(v->message, sizeof(v->message), "%s", r->message);
}

static void tell_row(enum row i)
{
    struct verdict *v = &rows[i];
    say("\nexplore: found %s in %s, with %d preemption%s: %s\n", finding_names[v->kind],
        v->sc->name, v->preemptions, v->preemptions == 1 ? "" : "s", v->message);
    if (v->n < 0) {
        say("schedule: too many departures to print\n");
        return;
    }
    char schedule[SCHEDULE_MAX];
    schedule_format(schedule, v->sc, v->d, v->n, v->hash);
    say("schedule: %s\n", schedule);
    say("replay:   %s %s\n", target_replay_command(), schedule);
    if (!quiet)
        explore_tell(v->sc, v->d, v->n, v->hash);
}

int explore_verdicts(int bound)
{
    unsigned long schedules = 0;
    double start = now(), last_progress = start;
    int nscenarios = 0;
    for (int b = 0; b <= bound; b++) {
        for (const struct scenario *sc = explore_scenarios; sc->name; sc++) {
            nscenarios += b == 0;
            struct run_result r;
            search_start_dfs(b);
            do {
                explore_run_one(sc, &r);
                schedules++;
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
    double seconds = now() - start;
    int found = 0;
    for (int i = 0; i < ROWS; i++) {
        if (rows[i].found && !(i == ROW_FALSE_OOM && rows[ROW_STEALING].found)) {
            tell_row((enum row)i);
            found++;
        }
    }
    say("\n");
    int rules = target_rules_report();
    say("\nexplorer verdicts (%d scenarios, every schedule with up to %d preemption%s: %lu "
        "schedules, %.1f s):\n",
        nscenarios, bound, bound == 1 ? "" : "s", schedules, seconds);
    for (int i = 0; i < ROWS; i++) {
        struct verdict *v = &rows[i];
        if (i == ROW_FALSE_OOM && rows[ROW_STEALING].found)
            say("  %-52s not judged: stealing fails with no race at all (above)\n", row_names[i]);
        else if (v->found)
            say("  %-52s FOUND in %s, %d preemption%s (story above)\n", row_names[i], v->sc->name,
                v->preemptions, v->preemptions == 1 ? "" : "s");
        else
            say("  %-52s ok: none in %lu schedules\n", row_names[i], schedules);
    }
    say("  %-52s %s\n", "lab rules (lock names, initlock, cpuid(), per-CPU)",
        rules ? "FOUND (rule broken, above)" : "ok: none broken");
    say("explorer: %d finding%s, %d rule%s broken\n", found, found == 1 ? "" : "s", rules,
        rules == 1 ? "" : "s");
    return found || rules;
}
