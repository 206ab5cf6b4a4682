/* The searches of a run (main.c chooses): every schedule within a preemption bound, bound
   0 first, with a second pass where races were seen; or PCT's random schedules. */
#include <stdio.h>
#include <string.h>

#include "explorer.h"
#include "lab_record.h"
#include "scope.h"
#include "search.h"

struct tally {
    unsigned long universe;  /* pages free at boot */
    unsigned long schedules; /* over bounds 0 to the last explored, both passes */
    double seconds;
    int bound; /* the last bound explored */
    int found;
    enum finding kind; /* what was found, and the stale reads of its schedule */
    int stale_reads;
    int raced; /* a race or a peek seen: its sites are points in a second pass */
};

/* Every schedule of sc with at most b preemptions (those with fewer again too: the search
   is stateless); the count of schedules run. A finding is reported and ends the search.
   *raced: a schedule saw a data race or a peek. */
static unsigned long explore_bound(const struct scenario *sc, int b, struct tally *t, int *raced)
{
    unsigned long schedules = 0;
    double start = now(), last_progress = start;
    struct run_result r;
    search_start_dfs(b);
    do {
        explore_run_one(sc, &r);
        schedules++;
        t->universe = r.universe;
        *raced |= r.race.seen || r.peek.seen;
        if (r.found != FOUND_NOTHING) {
            say("%s: bound %d: found after %lu schedules (%lu over bounds 0-%d)\n", sc->name, b,
                schedules, t->schedules + schedules, b);
            explore_report(sc, &r);
            t->found = 1;
            t->kind = r.found;
            t->stale_reads = r.stale_reads;
            return schedules;
        }
        if (now() - last_progress > 5) {
            last_progress = now();
            fprintf(stderr, "explore: %s bound %d: %lu schedules so far, %.0f/s\n", sc->name, b,
                    schedules, (double)schedules / (last_progress - start));
        }
    } while (search_next_dfs());
    say("%s: bound %d: %lu schedules, all clean\n", sc->name, b, schedules);
    return schedules;
}

/* Bound 0 for every scenario, then bound 1, ...: a finding comes with the smallest bound
   that has it. A scenario stops at its first finding; with `first`, everything does. A
   scenario that saw a race or a peek is searched again with the races' instructions as
   scheduling points (race.h), so that what a stale or torn value does is a finding too. */
int explore_bounded(const char *only, int bound, int stale, int first)
{
    static struct tally t[64];
    int any = 0;
    for (int pass = 1; pass <= 2 && !(first && any); pass++) {
        if (pass == 2 && !race_pending())
            break;
        if (pass == 2)
            race_promote();
        for (int b = 0; b <= bound && !(first && any); b++) {
            for (int i = 0; explore_scenarios[i].name && !(first && any); i++) {
                const struct scenario *sc = &explore_scenarios[i];
                if ((strcmp(only, "all") != 0 && strcmp(only, sc->name) != 0) || t[i].found ||
                    b > scope_bound(sc, bound, pass) || (pass == 2 && !t[i].raced))
                    continue;
                if (pass == 2 && b == 0)
                    say("%s: again, with the raced instructions as scheduling points\n", sc->name);
                double start = now();
                int raced = 0;
                search_stale_bound = scope_stale(stale, b);
                t[i].schedules += explore_bound(sc, b, &t[i], &raced);
                t[i].raced |= pass == 1 && raced;
                t[i].seconds += now() - start;
                t[i].bound = b;
                any |= t[i].found;
            }
        }
    }
    say("\n| scenario | harts | pages free | bound | schedules | seconds | result |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n");
    struct scope scope;
    scope_start(&scope, bound, stale);
    for (int i = 0; explore_scenarios[i].name; i++) {
        const struct scenario *sc = &explore_scenarios[i];
        if ((strcmp(only, "all") != 0 && strcmp(only, sc->name) != 0) ||
            (first && any && !t[i].found))
            continue;
        say("| %s | %d | %lu | %d | %lu | %.2f | %s |\n", sc->name, sc->nharts, t[i].universe,
            t[i].bound, t[i].schedules, t[i].seconds, t[i].found ? "FOUND" : "clean");
        scope_add(&scope, sc, t[i].universe);
    }
    if (!any && scope.harts_hi) {
        char text[300];
        unsigned long total = 0;
        for (int i = 0; explore_scenarios[i].name; i++)
            total += t[i].schedules;
        scope_text(&scope, text, sizeof(text));
        say("\nok: none in %lu schedules (%s)\n", total, text);
    }
    /* The same, as records (tests/labmode/lab_record.h): a row per scenario searched. */
    say(LAB_RECORD "begin\tsearch\n");
    for (int i = 0; explore_scenarios[i].name; i++) {
        const struct scenario *sc = &explore_scenarios[i];
        if ((strcmp(only, "all") != 0 && strcmp(only, sc->name) != 0) ||
            (first && any && !t[i].found))
            continue;
        say(LAB_RECORD "scenario\t%s\t%d\t%lu\t%d\t%lu\t%.2f\t%s\t%d\n", sc->name, sc->nharts,
            t[i].universe, t[i].bound, t[i].schedules, t[i].seconds,
            t[i].found ? finding_names[t[i].kind] : "clean", t[i].stale_reads);
    }
    say(LAB_RECORD "end\tsearch\n");
    return any;
}

/* `runs` PCT schedules of depth d. 1 if a finding. */
int explore_pct(const struct scenario *sc, unsigned long runs, int d, unsigned long seed)
{
    struct run_result r;
    search_start_dfs(0); /* one default run measures the length of a schedule */
    search_begin_run();
    sched_run(sc, &r);
    unsigned long length = r.steps;
    double start = now();
    for (unsigned long i = 0; i < runs; i++) {
        search_start_pct(sc->nharts, d, length, seed, i);
        explore_run_one(sc, &r);
        if (r.found != FOUND_NOTHING) {
            say("%s: pct depth %d seed %lu: found in run %lu of %lu\n", sc->name, d, seed, i + 1,
                runs);
            explore_report(sc, &r);
            return 1;
        }
    }
    say("%s: pct depth %d seed %lu: %lu runs of about %lu steps, 0 findings, %.2f s\n", sc->name, d,
        seed, runs, length, now() - start);
    return 0;
}
