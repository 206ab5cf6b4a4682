/* explore: runs the scenarios under every schedule with up to --bound preemptions (bound
   0, then 1, ... : a finding comes with the smallest bound that has it), or --pct random
   schedules, or one --replay'd schedule, against the allocator this binary was built with
   (the real one, or one mutant of mm/kmem_mutants.def). Exit status: 0 nothing found,
   1 a finding (its schedule and story printed), 2 bad usage or a refused schedule, 3 the
   explorer's own failure. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explorer.h"
#include "story_rows.h"
#include "scope.h"
#include "search.h"
#include "target.h"

const char *const finding_names[FOUND_KINDS] = {
    [FOUND_NOTHING] = "nothing",
    [FOUND_TWICE] = "page handed out twice",
    [FOUND_FALSE_OOM] = "false out-of-memory",
    [FOUND_LOST] = "page lost",
    [FOUND_DEADLOCK] = "deadlock",
    [FOUND_LIVELOCK] = "livelock",
    [FOUND_MISCOUNT] = "list miscounted",
    [FOUND_PANIC] = "panic",
    [FOUND_CRASH] = "crash",
    [FOUND_RACE] = "data race",
};

void finding_text(const struct run_result *r, char *out, unsigned long size)
{
    if (r->found == FOUND_RACE)
        race_describe(&r->race, out, size);
    else
        snprintf(out, size, "%s", r->message);
}

void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fflush(stdout);
}

static void usage(FILE *to)
{
    fputs(
        "usage: explore [--scenario NAME|all] [--bound N] [--stale N]\n"
        "               [--pct RUNS [--depth D] [--seed S]] [--first] [--verdicts]\n"
        "               [--replay SCHEDULE] [--litmus] [--list] [--quiet] [--steps]\n"
        "  --scenario NAME  one scenario (--list names them); default all\n"
        "  --bound N        preemption bound, explored as 0, 1, ... N (default 2)\n"
        "  --stale N        loads per schedule that may read an older store than the latest,\n"
        "                   as C11's memory model allows (default 1; 0: sequential consistency)\n"
        "  --stale-preemptions P  stale reads only in schedules of <= P preemptions (default 1)\n"
        "  --first          stop at the first finding (the smallest bound, then scenario order)\n"
        "  --verdicts       never stop: the first finding of each class, and a verdict per class\n"
        "  --pct RUNS       instead, RUNS random schedules (PCT, depth D, default 3)\n"
        "  --seed S         PCT's seed (default 1)\n"
        "  --replay STRING  run the schedule a finding printed, and tell its story\n"
        "  --litmus         the memory model's litmus tests: outcomes seen against C11's\n"
        "                   (every schedule within 2 preemptions and --stale, default 2)\n"
        "  --quiet          no story after a finding, only its schedule\n"
        "  --steps          at the end, every story told as records (scripts/explore --trace)\n",
        to);
}

static void __attribute__((noreturn)) bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "explore: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    usage(stderr);
    exit(2);
}

void search_nondeterministic(unsigned long step)
{
    fprintf(stderr,
            "explore: the scenario took another path at step %lu when run again with the same "
            "choices: it is not deterministic, and no result of this search can be trusted\n",
            step);
    exit(3);
}

double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int quiet;

/* Runs the schedule of departures d again, recording, and tells it. The recorded run must
   take the very steps of the run that found it (hash): looking must not change the story. */
void explore_tell(const struct scenario *sc, const struct departure *d, int n, unsigned long hash)
{
    struct run_result r;
    search_start_replay(d, n);
    search_begin_run();
    story_reset();
    story_recording = 1;
    sched_run(sc, &r);
    story_recording = 0;
    if (search_end_run() || r.hash != hash) {
        fprintf(stderr, "explore: the story's run took other steps than the schedule's: the "
                        "explorer's recording changed what the harts did\n");
        exit(3);
    }
    story_print(sc, &r);
}

/* A finding of the run just ended: its schedule string and, unless quiet, its story. */
void explore_report(const struct scenario *sc, const struct run_result *r)
{
    const struct departure *d;
    int n = search_departures(&d);
    char text[1200];
    finding_text(r, text, sizeof(text));
    say("explore: found %s in %s: %s\n", finding_names[r->found], sc->name, text);
    if (n < 0) {
        say("schedule: more than %d departures from the default: too long to print or "
            "replay (PCT runs can be; a bounded search finds short ones)\n",
            SEARCH_MAX_DEPARTURES);
        return;
    }
    struct departure copy[SEARCH_MAX_DEPARTURES];
    memcpy(copy, d, (size_t)n * sizeof(*d));
    char schedule[SCHEDULE_MAX];
    schedule_format(schedule, sc, copy, n, r->hash);
    say("schedule: %s\n", schedule);
    say("replay:   %s %s\n", target_replay_command(), schedule);
    if (!quiet)
        explore_tell(sc, copy, n, r->hash);
}

void explore_run_one(const struct scenario *sc, struct run_result *r)
{
    search_begin_run();
    story_reset();
    sched_run(sc, r);
}

static int replay(const char *string)
{
    const struct scenario *sc;
    struct departure d[SEARCH_MAX_DEPARTURES];
    int n;
    unsigned long hash;
    char why[300];
    if (schedule_parse(string, &sc, d, &n, &hash, why, sizeof(why)) != 0) {
        fprintf(stderr, "explore: refused: %s\n", why);
        return 2;
    }
    struct run_result r;
    search_start_replay(d, n);
    search_begin_run();
    sched_run(sc, &r);
    const char *refused = search_end_run();
    if (!refused && !schedule_hash_matches(hash, r.hash))
        refused = "the run took other steps than the ones recorded (another build of mm/?)";
    if (refused) {
        fprintf(stderr, "explore: refused: %s\n", refused);
        return 2;
    }
    explore_tell(sc, d, n, r.hash);
    return r.found != FOUND_NOTHING;
}

static unsigned long number(const char *opt, const char *value)
{
    char *end;
    unsigned long v = strtoul(value, &end, 10);
    if (!*value || *end || value[0] == '-')
        bad_usage("%s takes a number", opt);
    return v;
}

int main(int argc, char **argv)
{
    const char *only = "all", *replay_string = 0;
    int first = 0, verdicts = 0, litmus = 0;
    unsigned long bound = 2, stale = 1, pct = 0, depth = 3, seed = 1;
    int stale_given = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(a, "--list") == 0) {
            for (const struct scenario *sc = explore_scenarios; sc->name; sc++)
                say("%-10s %d harts, %2lu pages: %s\n", sc->name, sc->nharts, sc->pages, sc->what);
            return 0;
        } else if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--first") == 0) {
            first = 1;
        } else if (strcmp(a, "--verdicts") == 0) {
            verdicts = 1;
        } else if (strcmp(a, "--steps") == 0) {
            atexit(rows_print_block); /* after every story, whichever way the run ends */
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (!has_value &&
                   (strcmp(a, "--scenario") == 0 || strcmp(a, "--bound") == 0 ||
                    strcmp(a, "--pct") == 0 || strcmp(a, "--depth") == 0 ||
                    strcmp(a, "--seed") == 0 || strcmp(a, "--replay") == 0 ||
                    strcmp(a, "--stale") == 0 || strcmp(a, "--stale-preemptions") == 0)) {
            bad_usage("%s needs a value", a);
        } else if (strcmp(a, "--scenario") == 0) {
            only = argv[++i];
        } else if (strcmp(a, "--bound") == 0) {
            bound = number(a, argv[++i]);
        } else if (strcmp(a, "--stale") == 0) {
            stale = number(a, argv[++i]);
            stale_given = 1;
        } else if (strcmp(a, "--stale-preemptions") == 0) {
            scope_stale_preemptions = (int)number(a, argv[++i]);
        } else if (strcmp(a, "--litmus") == 0) {
            litmus = 1;
        } else if (strcmp(a, "--pct") == 0) {
            pct = number(a, argv[++i]);
        } else if (strcmp(a, "--depth") == 0) {
            depth = number(a, argv[++i]);
        } else if (strcmp(a, "--seed") == 0) {
            seed = number(a, argv[++i]);
        } else if (strcmp(a, "--replay") == 0) {
            replay_string = argv[++i];
        } else {
            bad_usage("unknown option '%s'", a);
        }
    }
    if (depth < 1 || depth > SEARCH_MAX_DEPTH)
        bad_usage("--depth takes 1 to 16%s", "");
    if (bound > 8)
        bad_usage("--bound takes 0 to 8 (above, use --pct%s)", "");
    if (stale > 8)
        bad_usage("--stale takes 0 to 8%s", "");
    if (scope_stale_preemptions > 8)
        bad_usage("--stale-preemptions takes 0 to 8%s", "");
    if (replay_string)
        return replay(replay_string); /* with the schedule's own stale-read bound */
    search_stale_bound = (int)stale;
    if (litmus)
        return explore_litmus(stale_given ? (int)stale : 2);
    if (strcmp(only, "all") != 0 && !scenario_find(only))
        bad_usage("no scenario '%s' (--list names them)", only);

    say("explore: %s, %s\n", target_title(),
        pct                  ? "PCT random schedules"
        : search_stale_bound ? "every schedule within the preemption and stale-read bounds"
                             : "every schedule within the preemption bound");
    if (verdicts)
        return explore_verdicts((int)bound, (int)stale);
    if (!pct)
        return explore_bounded(only, (int)bound, (int)stale, first);
    int found = 0;
    for (const struct scenario *sc = explore_scenarios; sc->name; sc++) {
        if (strcmp(only, "all") == 0 || strcmp(only, sc->name) == 0)
            found |= explore_pct(sc, pct, (int)depth, seed);
    }
    return found;
}
