/* A counterexample told: the schedule's calls and, at each switch of hart, where the hart
   that stopped stands (the operation it is about to do, on which word, in which function
   at which line, holding which locks) and why it stopped. Recorded while a found schedule
   is replayed; source lines come from the binary's debug information (addr2line -i, so
   inlined functions are named too), the same every run. */
#include <execinfo.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "explorer.h"
#include "hart.h"
#include "lockstat.h"
#include "spinlock.h"
#include "story_rows.h"
#include "story_where.h"
#include "target.h"

#define FRAMES 24

struct record {
    unsigned long step;
    int hart;
    int is_event; /* 1: a call or its result; 2: the state after the set-up; 3: a fault */
    enum explore_op op;
    char word[64];                            /* the word the operation is on, named */
    char wait_lock[48];                       /* EXPLORE_WAIT on a lock: its label */
    unsigned long locks;                      /* locks it holds: bit i for lockstat_lock(i) */
    unsigned long lengths[EXPLORE_MAX_LISTS]; /* of the lists, by their counters */
    int nlists;                               /* 0: the lists are not known (a lab file) */
    unsigned long free;                       /* pages the allocator counts free */
    unsigned long in_flight;                  /* pages cut off a list and not landed */
    unsigned long held;                       /* pages the scenario's harts hold */
    struct race race;                         /* is_event 4: a data race */
    void *frames[FRAMES];                     /* return addresses, innermost first */
    int nframes;
    char event[200];
};

int story_recording;
static struct record *records;
static size_t nrecords, room;
static char console[2048];
static size_t console_len;

void story_reset(void)
{
    nrecords = 0;
    console_len = 0;
    console[0] = 0;
}

void story_console(const char *text)
{
    size_t n = strlen(text);
    if (console_len + n >= sizeof(console)) /* keep the end: a panic's text is last */
        console_len = 0;
    memcpy(console + console_len, text, n + 1);
    console_len += n;
}

static struct record *new_record(int hart, unsigned long step)
{
    if (nrecords == room) {
        room = room ? 2 * room : 4096;
        records = realloc(records, room * sizeof(*records));
        if (!records) {
            fputs("explore: no memory for the story\n", stderr);
            exit(3);
        }
    }
    struct record *r = &records[nrecords++];
    memset(r, 0, offsetof(struct record, frames));
    r->step = step;
    r->hart = hart;
    return r;
}

/* The lists as the allocator counts them, and the locks the hart holds (by their place in
   the lock registry, which follows initlock's order: kmem.0, kmem.1, ...). */
static void note_state(struct record *r, int hart, unsigned long free)
{
    for (int i = 0; i < lockstat_count() && i < 64; i++) {
        struct spinlock *lk = lockstat_lock(i);
        if (lk && lk->holder == &harts[hart])
            r->locks |= 1UL << i;
    }
    r->nlists = target_list_lengths(r->lengths, EXPLORE_MAX_LISTS);
    unsigned long on_lists = 0;
    for (int i = 0; i < r->nlists; i++)
        on_lists += r->lengths[i];
    r->free = free;
    r->in_flight = free - on_lists;
    for (int h = 0; h < EXPLORE_MAX_HARTS; h++)
        r->held += sc_held(h);
}

void story_point(int hart, enum explore_op op, const void *addr, unsigned long step,
                 unsigned long free)
{
    struct record *r = new_record(hart, step);
    r->op = op;
    if (op == EXPLORE_HOOK)
        snprintf(r->word, sizeof(r->word), "%s", (const char *)addr);
    else
        target_name_word(addr, r->word, sizeof(r->word));
    for (int i = 0; op == EXPLORE_WAIT && i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        if (lk && (const void *)&lk->locked == addr)
            target_lock_label(lk, r->wait_lock, sizeof(r->wait_lock));
    }
    note_state(r, hart, free);
    r->nframes = backtrace(r->frames, FRAMES);
}

void story_event(int hart, unsigned long step, const char *fmt, ...)
{
    struct record *r = new_record(hart, step);
    r->is_event = 1;
    note_state(r, hart, sched_peek_free());
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->event, sizeof(r->event), fmt, ap);
    va_end(ap);
}

void story_fault(int hart, unsigned long step, void *const *frames, int n, unsigned long addr)
{
    struct record *r = new_record(hart, step);
    r->is_event = 3;
    note_state(r, hart, sched_peek_free());
    r->nframes = n < FRAMES ? n : FRAMES;
    memcpy(r->frames, frames, (size_t)r->nframes * sizeof(*frames));
    snprintf(r->event, sizeof(r->event), "%#lx", addr);
}

/* A race seen while recording: told at its step, with both instructions' lines. */
void story_race(const struct race *race)
{
    struct record *r = new_record(race->hart[1], race->step);
    r->is_event = 4;
    note_state(r, race->hart[1], sched_peek_free());
    r->frames[0] = (void *)race->pc[0];
    r->frames[1] = (void *)race->pc[1];
    r->nframes = 2;
    r->race = *race;
}

void story_setup(int hart, unsigned long held)
{
    unsigned long len[EXPLORE_MAX_LISTS];
    char name[16];
    if (target_list_lengths(len, EXPLORE_MAX_LISTS) > hart)
        story_event(hart, 0, "after the set-up, hart %d holds %lu pages and %s has %lu", hart, held,
                    target_list_name(hart, name, sizeof(name)), len[hart]);
    else
        story_event(hart, 0, "after the set-up, hart %d holds %lu pages", hart, held);
    records[nrecords - 1].is_event = 2;
}

static const char *const verbs[EXPLORE_OPS] = {
    [EXPLORE_LOAD] = "read",
    [EXPLORE_STORE] = "write",
    [EXPLORE_LOAD_ACQUIRE] = "read (acquire)",
    [EXPLORE_STORE_RELEASE] = "release (store-release)",
    [EXPLORE_SWAP] = "test-and-set",
    [EXPLORE_ADD] = "atomic add to",
    [EXPLORE_HOOK] = "pass the test hook",
    [EXPLORE_YIELD] = "pause",
    [EXPLORE_WAIT] = "spin on",
    [EXPLORE_MIGRATE] = "read its CPU's identity with interrupts on",
    [EXPLORE_FINISH] = "finish",
    [EXPLORE_PLAIN_LOAD] = "read (a plain load)",
    [EXPLORE_PLAIN_STORE] = "write (a plain store)",
    [EXPLORE_INTERRUPT] = "take an interrupt",
    [EXPLORE_READ] = "read (the explorer chooses which store)",
    [EXPLORE_FENCE] = "fence",
};

/* "lists kmem.0 2, kmem.1 0; 2 in flight", or "3 pages free" where the lists are the
   allocator's own business */
static int lists_of(const struct record *r, char *out, size_t size)
{
    if (r->nlists == 0)
        return snprintf(out, size, "%lu page%s free", r->free, r->free == 1 ? "" : "s");
    int len = snprintf(out, size, "lists");
    char name[16];
    for (int i = 0; i < r->nlists; i++)
        len += snprintf(out + len, size - (size_t)len, "%s %s %lu", i ? "," : "",
                        target_list_name(i, name, sizeof(name)), r->lengths[i]);
    return len + snprintf(out + len, size - (size_t)len, "; %lu in flight", r->in_flight);
}

/* "holding kmem.1; lists kmem.0 2, kmem.1 0; 2 in flight" */
static void state_of(const struct record *r, char *out, size_t size)
{
    int len = snprintf(out, size, r->locks ? "holding" : "holding no lock");
    for (int i = 0; i < 64 && r->locks >> i; i++) {
        struct spinlock *lk = lockstat_lock(i);
        char label[120] = "(a lock no longer known)";
        if (lk && r->locks >> i & 1)
            target_lock_label(lk, label, sizeof(label));
        if (r->locks >> i & 1)
            len += snprintf(out + len, size - (size_t)len, " %s", label);
    }
    len += snprintf(out + len, size - (size_t)len, "; ");
    lists_of(r, out + len, size - (size_t)len);
}

/* The locks each hart holds at the line being told (each hart's latest record's), and
   its row: the line's data for the pictures (story_rows.h). */
static unsigned long held_locks[EXPLORE_MAX_HARTS];

static struct story_row *row(const struct record *r, const char *kind, const char *text,
                             const char *where)
{
    struct story_row *row = rows_add(r->step, r->hart, kind, text);
    if (where) {
        free(row->where);
        row->where = strdup(where);
    }
    rows_name_locks(row, held_locks);
    row->free = r->free;
    row->in_flight = r->in_flight;
    row->held = r->held;
    row->lists_known = r->nlists > 0;
    return row;
}

/* Where hart r->hart stands at record r, and why it stops there (`why`). */
static void tell_stop(const struct record *r, const char *why, const char *kind)
{
    char where[400], state[160], text[400];
    where_code(r->frames, r->nframes, where, sizeof(where));
    state_of(r, state, sizeof(state));
    if (r->op == EXPLORE_YIELD)
        snprintf(text, sizeof(text), "%s: it pauses (a back-off: others go first)", why);
    else if (r->op == EXPLORE_WAIT)
        snprintf(text, sizeof(text), "%s: it spins on the %s, which is held", why, r->word);
    else
        snprintf(text, sizeof(text), "%s, about to %s %s", why, verbs[r->op], r->word);
    say("  step %4lu  hart %d %s\n", r->step, r->hart, text);
    say("             in %s\n             %s\n", where, state);
    struct story_row *w = row(r, kind, text, where);
    if (r->op == EXPLORE_WAIT)
        snprintf(w->waits, sizeof(w->waits), "%s", r->wait_lock);
}

static const char *stop_reason(const struct record *r)
{
    if (r->op == EXPLORE_WAIT)
        return "waits";
    if (r->op == EXPLORE_YIELD)
        return "stops";
    return "is preempted";
}

/* The row's kind of a stop: preempted, waits or pauses. */
static const char *stop_kind(const struct record *r)
{
    return r->op == EXPLORE_WAIT ? "waits" : r->op == EXPLORE_YIELD ? "pauses" : "preempted";
}

/* An event's kind: a call ("kalloc()"), its return, or another ("finishes"). */
static const char *event_kind(const struct record *r)
{
    if (strstr(r->event, " returns"))
        return "return";
    size_t n = strlen(r->event);
    return n > 2 && r->event[n - 1] == ')' ? "call" : "event";
}

void story_print(const struct scenario *sc, const struct run_result *res)
{
    say("story: %s (%s), %d harts; %lu steps, %d preemptions, %d stale read%s\n", sc->name,
        sc->what, sc->nharts, res->steps, res->preemptions, res->stale_reads,
        res->stale_reads == 1 ? "" : "s");
    for (size_t i = 0; i < nrecords; i++)
        where_want(records[i].frames, records[i].nframes);
    where_resolve();
    const struct record *last[EXPLORE_MAX_HARTS] = {0}; /* each hart's latest record */
    int running = -1;
    rows_begin(sc, res);
    memset(held_locks, 0, sizeof(held_locks));
    for (size_t i = 0; i < nrecords; i++) {
        const struct record *r = &records[i];
        if (r->is_event == 2) {
            say("  %s\n", r->event);
            held_locks[r->hart] = r->locks;
            row(r, "setup", r->event, 0);
            continue;
        }
        if (running >= 0 && r->hart != running) {
            const struct record *stop = last[running];
            if (stop && !stop->is_event)
                tell_stop(stop, stop_reason(stop), stop_kind(stop));
            char lists[120], text[140];
            lists_of(r, lists, sizeof(lists));
            snprintf(text, sizeof(text), "runs (%s)", lists);
            say("  step %4lu  hart %d %s\n", r->step, r->hart, text);
            held_locks[r->hart] = r->locks;
            row(r, "runs", text, 0);
        }
        running = r->hart;
        last[r->hart] = r;
        held_locks[r->hart] = r->locks;
        if (r->is_event == 4) {
            char text[1200];
            race_describe(&r->race, text, sizeof(text));
            say("  step %4lu  hart %d: %s\n", r->step, r->hart, text);
            row(r, "race", text, 0);
        } else if (r->is_event == 3) {
            char where[400], state[160], text[240];
            where_code(r->frames, r->nframes, where, sizeof(where));
            state_of(r, state, sizeof(state));
            snprintf(text, sizeof(text), "faults on address %s", r->event);
            say("  step %4lu  hart %d %s\n             in %s\n             %s\n", r->step, r->hart,
                text, where, state);
            row(r, "fault", text, where);
        } else if (r->is_event && strstr(r->event, "returns 0")) { /* what it missed, if anything */
            char lists[120], text[360];
            lists_of(r, lists, sizeof(lists));
            snprintf(text, sizeof(text), "%s (%s)", r->event, lists);
            say("  step %4lu  hart %d: %s\n", r->step, r->hart, text);
            row(r, "return", text, 0);
        } else if (r->is_event) {
            say("  step %4lu  hart %d: %s\n", r->step, r->hart, r->event);
            row(r, event_kind(r), r->event, 0);
        } else if (r->op == EXPLORE_HOOK) {
            char text[120];
            snprintf(text, sizeof(text), "passes %s", r->word);
            say("  step %4lu  hart %d %s\n", r->step, r->hart, text);
            row(r, "hook", text, 0);
        }
    }
    if (running >= 0 && last[running] && !last[running]->is_event) /* where the run ended */
        tell_stop(last[running], stop_reason(last[running]), stop_kind(last[running]));
    if (console_len && strstr(console, "panic"))
        say("the allocator printed:\n%s", console);
    char text[1200];
    finding_text(res, text, sizeof(text));
    say("found: %s: %s\n", finding_names[res->found], text);
    if (nrecords) { /* the finding, at the last step */
        struct story_row *end = row(&records[nrecords - 1], "found", text, 0);
        end->hart = -1;
    }
}
