/* Told stories as rows (story_rows.h), and their records. */
#include "story_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_record.h"
#include "lockstat.h"
#include "target.h"

struct story {
    const struct scenario *sc;
    char finding[32];
    char message[600];
    struct story_row *rows;
    int nrows, room;
};

static struct story *stories;
static int nstories, room;

static void *grow(void *p, size_t size)
{
    p = realloc(p, size);
    if (!p) {
        fputs("explore: no memory for the story's rows\n", stderr);
        exit(3);
    }
    return p;
}

void rows_begin(const struct scenario *sc, const struct run_result *res)
{
    if (nstories == room) {
        room = room ? 2 * room : 16;
        stories = grow(stories, (size_t)room * sizeof(*stories));
    }
    struct story *s = &stories[nstories++];
    memset(s, 0, sizeof(*s));
    s->sc = sc;
    snprintf(s->finding, sizeof(s->finding), "%s", finding_names[res->found]);
    finding_text(res, s->message, sizeof(s->message));
}

struct story_row *rows_add(unsigned long step, int hart, const char *kind, const char *text)
{
    struct story *s = &stories[nstories - 1];
    if (s->nrows == s->room) {
        s->room = s->room ? 2 * s->room : 64;
        s->rows = grow(s->rows, (size_t)s->room * sizeof(*s->rows));
    }
    struct story_row *r = &s->rows[s->nrows++];
    memset(r, 0, sizeof(*r));
    r->step = step;
    r->hart = hart;
    r->kind = kind;
    r->text = strdup(text);
    r->where = strdup("");
    if (!r->text || !r->where)
        grow(0, (size_t)-1);
    return r;
}

void rows_name_locks(struct story_row *r, const unsigned long *held)
{
    for (int h = 0; h < EXPLORE_MAX_HARTS; h++) {
        size_t len = 0, size = sizeof(r->locks[h]);
        r->locks[h][0] = 0;
        for (int i = 0; i < 64 && held[h] >> i && len < size; i++) {
            struct spinlock *lk = lockstat_lock(i);
            char label[120] = "(a lock no longer known)";
            if (!(held[h] >> i & 1))
                continue;
            if (lk)
                target_lock_label(lk, label, sizeof(label));
            len += (size_t)snprintf(r->locks[h] + len, size - len, "%s%s", len ? ", " : "", label);
        }
    }
}

int rows_stories(void)
{
    return nstories;
}

/* A field of a record: one line, no tabs (a lab file names its own locks). */
static const char *field(const char *text)
{
    static char out[4][1600];
    static int next;
    char *o = out[next++ % 4];
    size_t n = 0;
    for (; *text && n + 1 < sizeof(out[0]); text++)
        o[n++] = *text == '\t' || *text == '\n' || *text == '\r' ? ' ' : *text;
    o[n] = 0;
    return o;
}

void rows_print(int i, const char *tag)
{
    const struct story *s = &stories[i];
    say(LAB_RECORD "steps\t%s\t%d\t%s\t%s\t%s\t%s\n", tag, s->sc->nharts, s->sc->name,
        field(s->sc->what), s->finding, field(s->message));
    for (int k = 0; k < s->nrows; k++) {
        const struct story_row *r = &s->rows[k];
        char in_flight[24] = "-";
        if (r->lists_known)
            snprintf(in_flight, sizeof(in_flight), "%lu", r->in_flight);
        say(LAB_RECORD "step\t%s\t%lu\t%d\t%s\t%lu\t%s\t%lu\t%s", tag, r->step, r->hart, r->kind,
            r->free, in_flight, r->held, field(r->waits));
        for (int h = 0; h < s->sc->nharts; h++)
            say("\t%s", field(r->locks[h]));
        say("\t%s", field(r->where));
        say("\t%s\n", field(r->text));
    }
}

void rows_print_block(void)
{
    if (!nstories)
        return;
    say(LAB_RECORD "begin\tstories\n");
    for (int i = 0; i < nstories; i++) {
        char tag[48];
        snprintf(tag, sizeof(tag), "%d-%s", i + 1, stories[i].finding);
        rows_print(i, tag);
    }
    say(LAB_RECORD "end\tstories\n");
}
