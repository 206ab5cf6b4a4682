/* A schedule as a string a person can paste: which scenario, which build (the real
   allocator or a mutant, and the scaled thresholds), the memory model's bound, the points where the
   choice departed from the default, the trace's hash and a check over all of it. A replay refuses a
   string that is damaged or that belongs to another scenario or build, rather than run it
   as something else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "race.h"
#include "search.h"
#include "target.h"

const char *schedule_variant(void)
{
    return target_variant();
}

const char *schedule_tunables(void)
{
    return target_tunables();
}

static unsigned check_of(const char *s, size_t len)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return (h ^ (h >> 16)) & 0xffff;
}

static unsigned long hash32(unsigned long hash)
{
    return (hash ^ (hash >> 32)) & 0xffffffffUL;
}

void schedule_format(char *out, const struct scenario *sc, const struct departure *d, int n,
                     unsigned long hash)
{
    int len = snprintf(out, SCHEDULE_MAX, "kx1:%s:%s:%s", sc->name, schedule_variant(),
                       schedule_tunables());
    /* the memory model's stale-read bound: with one, a load with a choice is a step */
    if (search_stale_bound)
        len += snprintf(out + len, SCHEDULE_MAX - (size_t)len, "+s%d", search_stale_bound);
    /* the race detector's sites that were scheduling points in this run (race.h) */
    unsigned long sites[RACE_MAX_SITES];
    int nsites = race_promoted(sites, RACE_MAX_SITES);
    for (int i = 0; i < nsites; i++)
        len += snprintf(out + len, SCHEDULE_MAX - (size_t)len, "%s%lx", i ? "." : "+p", sites[i]);
    len += snprintf(out + len, SCHEDULE_MAX - (size_t)len, ":");
    for (int i = 0; i < n; i++) { /* h: a hart runs; i: it takes an interrupt; r: a stale read */
        int read = d[i].hart >= SEARCH_READ_BASE, irq = !read && d[i].hart >= EXPLORE_MAX_HARTS;
        len += snprintf(out + len, SCHEDULE_MAX - (size_t)len, "%s%lu%c%d", i ? "," : "", d[i].step,
                        read  ? 'r'
                        : irq ? 'i'
                              : 'h',
                        read ? d[i].hart - SEARCH_READ_BASE : d[i].hart % EXPLORE_MAX_HARTS);
    }
    if (n == 0)
        len += snprintf(out + len, SCHEDULE_MAX - (size_t)len, "-");
    len += snprintf(out + len, SCHEDULE_MAX - (size_t)len, ":%08lx", hash32(hash));
    snprintf(out + len, SCHEDULE_MAX - (size_t)len, ":%04x", check_of(out, (size_t)len));
}

/* The i-th ':'-separated field of s into f (at most size-1 characters); -1 if none. */
static int field(const char *s, int i, char *f, size_t size)
{
    for (; i > 0; i--) {
        s = strchr(s, ':');
        if (!s)
            return -1;
        s++;
    }
    size_t len = strcspn(s, ":");
    if (len >= size)
        return -1;
    memcpy(f, s, len);
    f[len] = 0;
    return 0;
}

static const char *build_kind(const char *variant)
{
    if (strcmp(variant, "real") == 0)
        return "the real allocator";
    if (strncmp(variant, "lab-", 4) == 0)
        return "a lab file: the hash of its text";
    return "a mutant of mm/";
}

#define REFUSE(...)                                                                                \
    do {                                                                                           \
        snprintf(why, why_size, __VA_ARGS__);                                                      \
        return -1;                                                                                 \
    } while (0)

static int parse_departures(const char *text, struct departure *d, int *n, int nharts, char *why,
                            unsigned long why_size)
{
    *n = 0;
    if (strcmp(text, "-") == 0)
        return 0;
    for (const char *p = text; *p;) {
        char *end;
        unsigned long step = strtoul(p, &end, 10);
        if (end == p || (*end != 'h' && *end != 'i' && *end != 'r'))
            REFUSE("departure %d is not STEPhHART, STEPiHART or STEPrBACK (e.g. 118h1)", *n + 1);
        int interrupt = *end == 'i', read = *end == 'r';
        p = end + 1;
        long hart = strtol(p, &end, 10);
        if (end == p || (*end && *end != ','))
            REFUSE("departure %d is not STEPhHART (e.g. 118h1)", *n + 1);
        if (read && (hart < 1 || hart >= SEARCH_MAX_OPTIONS))
            REFUSE("departure %d reads store %ld back; a load reads 1-%d back", *n + 1, hart,
                   SEARCH_MAX_OPTIONS - 1);
        if (!read && (hart < 0 || hart >= nharts))
            REFUSE("departure %d names hart %ld; the scenario has harts 0-%d", *n + 1, hart,
                   nharts - 1);
        if (*n > 0 && step <= d[*n - 1].step)
            REFUSE("departure %d is not after the one before it", *n + 1);
        if (*n == SEARCH_MAX_DEPARTURES)
            REFUSE("more than %d departures", SEARCH_MAX_DEPARTURES);
        d[(*n)++] = (struct departure){step, (int)hart + (read        ? SEARCH_READ_BASE
                                                          : interrupt ? EXPLORE_MAX_HARTS
                                                                      : 0)};
        p = *end ? end + 1 : end;
    }
    return 0;
}

int schedule_parse(const char *s, const struct scenario **sc, struct departure *d, int *n,
                   unsigned long *hash, char *why, unsigned long why_size)
{
    char f[7][SCHEDULE_MAX];
    size_t len = strlen(s);
    if (len >= SCHEDULE_MAX)
        REFUSE("the string is too long to be a schedule");
    for (int i = 0; i < 7; i++) {
        if (field(s, i, f[i], sizeof(f[i])) != 0)
            REFUSE("a schedule has 7 fields separated by ':' "
                   "(kx1:SCENARIO:VARIANT:TUNABLES:DEPARTURES:HASH:CHECK)");
    }
    if (strcmp(f[0], "kx1") != 0)
        REFUSE("a schedule starts with kx1:, not '%s:'", f[0]);
    char *end;
    unsigned long check = strtoul(f[6], &end, 16);
    if (strlen(f[6]) != 4 || *end || check != check_of(s, len - 5))
        REFUSE("the string is damaged: its check (%s) does not match the rest; copy it whole",
               f[6]);
    if (!(*sc = scenario_find(f[1])))
        REFUSE("no scenario '%s' (--list names them)", f[1]);
    if (strcmp(f[2], schedule_variant()) != 0)
        REFUSE("the schedule is of build %s (%s); this explorer runs %s (%s)", f[2],
               build_kind(f[2]), schedule_variant(), build_kind(schedule_variant()));
    unsigned long sites[RACE_MAX_SITES];
    int nsites = 0;
    char *plus = strstr(f[3], "+p");
    if (plus) { /* the race detector's sites, as points */
        *plus = 0;
        for (char *p = plus + 2; *p && nsites < RACE_MAX_SITES; p += *p == '.') {
            sites[nsites++] = strtoul(p, &end, 16);
            if (end == p || (*end && *end != '.'))
                REFUSE("the race sites '%s' are not hex addresses separated by '.'", plus + 2);
            p = end;
        }
    }
    int stale = 0;
    char *model = strstr(f[3], "+s");
    if (model) { /* the memory model's stale-read bound */
        stale = (int)strtol(model + 2, &end, 10);
        if (end == model + 2 || *end || stale < 1 || stale > 8)
            REFUSE("the stale-read bound '%s' is not +s1 to +s8", model);
        *model = 0;
    }
    if (strcmp(f[3], schedule_tunables()) != 0)
        REFUSE("the schedule was found with thresholds %s; this build has %s", f[3],
               schedule_tunables());
    race_set_promoted(sites, nsites);
    search_stale_bound = stale;
    *hash = strtoul(f[5], &end, 16);
    if (strlen(f[5]) != 8 || *end)
        REFUSE("the trace hash '%s' is not 8 hex digits", f[5]);
    return parse_departures(f[4], d, n, (*sc)->nharts, why, why_size);
}

int schedule_hash_matches(unsigned long recorded32, unsigned long hash)
{
    return recorded32 == hash32(hash);
}
