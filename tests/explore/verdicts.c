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
#include "lab_record.h"
#include "story_rows.h"
#include "scope.h"
#include "search.h"
#include "target.h"

/* The rows are lab mode's bug classes (tests/labmode/lab_classes.def); a finding's row is
   its class. The lab's rules are classes too, judged apart (target_rules_report). */
typedef enum lab_class row_t;

/* Whether the explorer judges a class (lab_classes.def's second field). */
static int judged_here(row_t i)
{
    return strstr(lab_class_info[i].by, "explorer") != 0;
}

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
    char schedule[SCHEDULE_MAX]; /* as told, "" until then (or with too many departures) */
    int story;                   /* its rows (story_rows.h), or -1 if none was told */
};
static struct verdict rows[LAB_CLASSES];

static row_t row_of(const struct run_result *r)
{
    switch (r->found) {
    case FOUND_DEADLOCK:
        return LAB_CLASS_deadlock;
    case FOUND_CRASH:
    case FOUND_PANIC:
        return LAB_CLASS_crash;
    case FOUND_FALSE_OOM:
        return r->preemptions == 0 && r->stale_reads == 0 ? LAB_CLASS_stealing
                                                          : LAB_CLASS_false_oom;
    case FOUND_LOST:
        return LAB_CLASS_pages_lost;
    case FOUND_TWICE:
    case FOUND_MISCOUNT:
        return LAB_CLASS_double_alloc;
    case FOUND_RACE:
        return LAB_CLASS_data_race;
    default:
        return LAB_CLASS_livelock;
    }
}

static void keep_as(row_t row, const struct scenario *sc, const struct run_result *r)
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
        keep_as(LAB_CLASS_data_race, sc, &race);
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

static void tell_story(row_t i)
{
    struct verdict *v = &rows[i];
    v->story = -1;
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
    snprintf(v->schedule, sizeof(v->schedule), "%s", schedule);
    say("schedule: %s\n", schedule);
    say("replay:   %s %s\n", target_replay_command(), schedule);
    if (!quiet) {
        explore_tell(v->sc, v->d, v->n, v->hash);
        v->story = rows_stories() - 1;
    }
}

/* A class's story, between records that mark it for scripts/ (a counterexample's text). */
static void tell_row(row_t i)
{
    say(LAB_RECORD "told\t%s\n", lab_class_info[i].id);
    tell_story(i);
    say(LAB_RECORD "told\tend\n");
}

/* A false out-of-memory is not judged when stealing fails with no race: the race's
   schedules only show the same missing steal again. */
static int shadowed(int i)
{
    return i == LAB_CLASS_false_oom && rows[LAB_CLASS_stealing].found;
}

int explore_verdicts(int bound, int stale)
{
    unsigned long schedules = 0;
    double start = now(), last_progress = start;
    int nscenarios = 0, raced[64] = {0};
    /* A scenario in which a call never returned is not explored further: every schedule
       that reaches the same loop runs it to the step limit again (thousands of steps,
       each a place to preempt), and says only the same livelock. */
    int livelocked[64] = {0}, nlivelocked = 0;
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
                if (b > scope_bound(sc, bound, pass) || (pass == 2 && !raced[i]) || livelocked[i])
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
                    if (r.found == FOUND_LIVELOCK) {
                        livelocked[i] = 1;
                        nlivelocked++;
                        break;
                    }
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
    for (int i = 0; i < LAB_CLASSES; i++) {
        if (rows[i].found && !shadowed(i)) {
            tell_row((row_t)i);
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
    struct rules_said rules;
    say(LAB_RECORD "told\trules\n");
    int nrules = target_rules_report(&rules);
    say(LAB_RECORD "told\tend\n");
    char scope_said[360];
    scope_text(&scope, scope_said, sizeof(scope_said));
    if (nlivelocked) {
        size_t n = strlen(scope_said);
        snprintf(scope_said + n, sizeof(scope_said) - n,
                 "; %d scenario%s not explored past %s livelock", nlivelocked,
                 nlivelocked == 1 ? "" : "s", nlivelocked == 1 ? "its" : "their");
    }
    say("\nexplorer verdicts (%d scenarios, every schedule with up to %d preemption%s: %lu "
        "schedules, %.1f s):\n",
        nscenarios, bound, bound == 1 ? "" : "s", schedules, seconds);
    char said[LAB_CLASSES][420]; /* the evidence, after the human row's lead word */
    const char *word[LAB_CLASSES], *lead[LAB_CLASSES];
    for (int i = 0; i < LAB_CLASSES; i++) {
        struct verdict *v = &rows[i];
        word[i] = "ok", lead[i] = "ok: ";
        if (!judged_here(i)) {
            word[i] = "n/a", lead[i] = "not judged: ";
            snprintf(said[i], sizeof(said[i]), "only the boot judges it");
        } else if (rules.judged[i] && rules.text[i][0]) {
            word[i] = "FOUND", lead[i] = "FOUND: ";
            snprintf(said[i], sizeof(said[i]), "%s (rule broken, above)", rules.text[i]);
        } else if (rules.judged[i]) {
            snprintf(said[i], sizeof(said[i]), "none broken");
        } else if (shadowed(i)) {
            word[i] = "n/a", lead[i] = "not judged: ";
            snprintf(said[i], sizeof(said[i]), "stealing fails with no race at all (above)");
        } else if (v->found) {
            word[i] = "FOUND", lead[i] = "FOUND ";
            snprintf(said[i], sizeof(said[i]), "in %s, %d preemption%s%s (story above)",
                     v->sc->name, v->preemptions, v->preemptions == 1 ? "" : "s", stale_text(v));
        } else {
            snprintf(said[i], sizeof(said[i]), "none in %lu schedules (%s)", schedules, scope_said);
        }
        if (judged_here(i))
            say("  %-52s %s%s\n", lab_class_info[i].title, lead[i], said[i]);
    }
    say("explorer: %d finding%s, %d rule%s broken\n", found, found == 1 ? "" : "s", nrules,
        nrules == 1 ? "" : "s");
    /* The same, as records (lab_record.h), after every run of the file's code. */
    say(LAB_RECORD "begin\texplorer\n");
    say(LAB_RECORD "search\t%d\t%d\t%lu\t%.1f\n", nscenarios, bound, schedules, seconds);
    for (int i = 0; i < LAB_CLASSES; i++)
        say(LAB_RECORD "verdict\t%s\t%s\t%s\n", lab_class_info[i].id, word[i], said[i]);
    for (int i = 0; i < LAB_CLASSES; i++) { /* class, scenario, preemptions, stale reads, replay */
        const struct verdict *v = &rows[i];
        if (v->found && !shadowed(i))
            say(LAB_RECORD "story\t%s\t%s\t%d\t%d\t%s%s%s\n", lab_class_info[i].id, v->sc->name,
                v->preemptions, v->stale_reads, v->schedule[0] ? target_replay_command() : "",
                v->schedule[0] ? " " : "", v->schedule);
        if (v->found && !shadowed(i) && v->story >= 0) /* its rows, for the pictures */
            rows_print(v->story, lab_class_info[i].id);
        if (rules.text[i][0])
            say(LAB_RECORD "rule\t%s\t%s\n", lab_class_info[i].id, rules.text[i]);
    }
    say(LAB_RECORD "findings\t%d\t%d\n", found, nrules);
    say(LAB_RECORD "end\texplorer\n");
    return found || nrules;
}
