/* Per-hart event rings and their printed form (trace.h). A hart writes only its own ring,
   which sits on cache lines of its own: recording takes no lock and writes nothing another
   hart writes. */
#include "trace.h"
#include "clock.h"
#include "hart.h"
#include "lockstat.h"
#include "printf.h"
#include "push_off.h"

/* 16 bytes: the kind rides in the stamp's top byte (rdtime's 56 bits last 228 years at
   QEMU virt's 10 MHz). */
struct trace_slot {
    unsigned long stamp; /* rdtime | kind << 56 */
    unsigned int what;
    unsigned int arg;
};

/* At the start of the ring's table page; only its hart writes it. The event pages'
   addresses are in index pages, TRACE_PAGES_PER_INDEX each. */
struct trace_ring {
    unsigned long written; /* events ever recorded since the last print; the ring keeps
                              the latest npages * TRACE_EVENTS_PER_PAGE */
    unsigned long npages;
    struct trace_slot **index[TRACE_MAX_PAGES / TRACE_PAGES_PER_INDEX];
};
_Static_assert(sizeof(struct trace_ring) <= 4096, "a ring's table is one page");
_Static_assert(TRACE_PAGES_PER_INDEX * sizeof(void *) == 4096, "an index is one page");

int trace_on;

/* The slot of the n-th event ever written (the ring wraps). */
static struct trace_slot *slot_of(const struct trace_ring *r, unsigned long n)
{
    unsigned long page = n / TRACE_EVENTS_PER_PAGE % r->npages;
    return &r->index[page / TRACE_PAGES_PER_INDEX][page % TRACE_PAGES_PER_INDEX]
                    [n % TRACE_EVENTS_PER_PAGE];
}

int trace_ring_build(int index, unsigned long npages, void *(*take_page)(void))
{
    struct trace_ring *r = take_page();
    if (!r || npages == 0 || npages > TRACE_MAX_PAGES)
        return -1;
    r->written = r->npages = 0;
    for (unsigned long p = 0; p < npages; p++) {
        if (p % TRACE_PAGES_PER_INDEX == 0 && !(r->index[p / TRACE_PAGES_PER_INDEX] = take_page()))
            return -1;
        struct trace_slot *page = take_page();
        if (!page)
            return -1;
        r->index[p / TRACE_PAGES_PER_INDEX][p % TRACE_PAGES_PER_INDEX] = page;
    }
    r->npages = npages;
    hart_by_index(index)->trace_ring = r; /* complete: the hooks may use it */
    return 0;
}

void trace_start(void)
{
    __atomic_store_n(&trace_on, 1, __ATOMIC_RELEASE);
}

void __trace_event(enum trace_kind kind, unsigned long what, unsigned long arg)
{
    struct trace_ring *r = this_hart()->trace_ring;
    if (!r)
        return;
    struct trace_slot *s = slot_of(r, r->written++);
    *s = (struct trace_slot){clock_ticks() | (unsigned long)kind << 56, (unsigned int)what,
                             (unsigned int)arg};
}

void trace_note(enum trace_kind kind, unsigned long what, unsigned long arg)
{
    if (!__atomic_load_n(&trace_on, __ATOMIC_RELAXED))
        return;
    push_off();
    __trace_event(kind, what, arg);
    pop_off();
}

/* The block's data lines: the events as bytes (per event: the stamp's increase since the
   hart's previous event, the kind, what, arg + 1 or 0 for none, each an LEB128 varint but
   the kind), in base64url without padding, 96 characters a line. Nothing in such a line
   can read as a lab result ("tot=", "OK", a line start the graders match). */
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static unsigned char chunk[72];
static int chunk_len;

static void flush_chunk(void)
{
    char line[97];
    int n = 0;
    for (int i = 0; i < chunk_len; i += 3) {
        unsigned long v = (unsigned long)chunk[i] << 16;
        if (i + 1 < chunk_len)
            v |= (unsigned long)chunk[i + 1] << 8;
        if (i + 2 < chunk_len)
            v |= chunk[i + 2];
        int chars = chunk_len - i >= 3 ? 4 : chunk_len - i + 1;
        for (int c = 0; c < chars; c++)
            line[n++] = b64[v >> (18 - 6 * c) & 63];
    }
    line[n] = 0;
    if (n)
        printf("@trace data %s\n", line);
    chunk_len = 0;
}

static void put_byte(unsigned char b)
{
    chunk[chunk_len++] = b;
    if (chunk_len == (int)sizeof(chunk))
        flush_chunk();
}

static void put_varint(unsigned long v)
{
    do {
        put_byte((unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0)));
        v >>= 7;
    } while (v);
}

static void print_ring(int index, struct trace_ring *r)
{
    unsigned long room = r->npages * TRACE_EVENTS_PER_PAGE;
    unsigned long first = r->written > room ? r->written - room : 0, last = 0;
    printf("@trace hart %d written %lu kept %lu\n", index, r->written, r->written - first);
    for (unsigned long slot = first; slot < r->written; slot++) {
        const struct trace_slot *s = slot_of(r, slot);
        unsigned long time = s->stamp & ((1UL << 56) - 1);
        put_varint(time - last);
        put_byte((unsigned char)(s->stamp >> 56));
        put_varint(s->what);
        put_varint(s->arg == (unsigned int)TRACE_NO_VALUE ? 0 : (unsigned long)s->arg + 1);
        last = time;
    }
    flush_chunk();
    r->written = 0;
}

void trace_print(const char *suite)
{
    if (!trace_on)
        return;
    /* The printing takes the console's lock, whose events would land in the ring being
       read: nothing is recorded meanwhile (the other harts are idle). */
    __atomic_store_n(&trace_on, 0, __ATOMIC_RELAXED);
    printf("@trace begin %s harts %d timebase %lu\n", suite, hart_count(), clock_hz());
    for (int i = 0; i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        char name[40];
        lockstat_printable_name(lk->name, name, sizeof(name));
        printf("@trace lock %lu %s\n", trace_lock_id(lk), name);
    }
    for (int i = 0; i < hart_count(); i++)
        if (hart_by_index(i)->trace_ring)
            print_ring(i, hart_by_index(i)->trace_ring);
    printf("@trace end %s\n", suite);
    __atomic_store_n(&trace_on, 1, __ATOMIC_RELAXED);
}
