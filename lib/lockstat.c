/* Lock statistics. Locks register at initlock and are never removed: kernel locks live as
   long as the kernel does, as in the lab. Counters are read without the locks' protection;
   a report taken while harts are busy is a sample, not a snapshot. */
#include "lockstat.h"
#include "hart.h"
#include "panic.h"
#include "printf.h"
#include "string.h"

static struct spinlock *table[LOCKSTAT_MAX];
static int nregistered; /* slots handed out; a slot is filled right after */

void lockstat_register(struct spinlock *lk)
{
    /* A lock set up again (the host tests boot kmem once per input) keeps its one slot. */
    for (int i = 0; i < lockstat_count(); i++) {
        if (__atomic_load_n(&table[i], __ATOMIC_ACQUIRE) == lk)
            return;
    }
    int slot = __atomic_fetch_add(&nregistered, 1, __ATOMIC_RELAXED);
    if (slot >= LOCKSTAT_MAX)
        panic("initlock: more than %d locks (raise LOCKSTAT_MAX) for %s", LOCKSTAT_MAX, lk->name);
    __atomic_store_n(&table[slot], lk, __ATOMIC_RELEASE);
}

int lockstat_count(void)
{
    int n = __atomic_load_n(&nregistered, __ATOMIC_ACQUIRE);
    return n < LOCKSTAT_MAX ? n : LOCKSTAT_MAX;
}

/* 0 for a slot whose lock is still being registered. */
struct spinlock *lockstat_lock(int i)
{
    return __atomic_load_n(&table[i], __ATOMIC_ACQUIRE);
}

static int counts_in(const struct spinlock *lk, enum lockstat_format format)
{
    if (!lk->name)
        return 0;
    return strncmp(lk->name, "kmem", 4) == 0 ||
           (format == LOCKSTAT_KMEM_BCACHE && strncmp(lk->name, "bcache", 6) == 0);
}

static int counts_in_tot(const struct spinlock *lk)
{
    return counts_in(lk, LOCKSTAT_KMEM_BCACHE);
}

static unsigned int nts_of(struct spinlock *lk)
{
    return __atomic_load_n(&lk->nts, __ATOMIC_RELAXED);
}

static unsigned int n_of(struct spinlock *lk)
{
    return __atomic_load_n(&lk->n, __ATOMIC_RELAXED);
}

void lockstat_reset(void)
{
    trace_note(TRACE_COUNTERS, 0, 0); /* a timeline shows where a measurement begins */
    for (int i = 0; i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        if (lk) {
            __atomic_store_n(&lk->nts, 0, __ATOMIC_RELAXED);
            __atomic_store_n(&lk->n, 0, __ATOMIC_RELAXED);
        }
    }
}

unsigned long lockstat_tot_as(enum lockstat_format format)
{
    unsigned long tot = 0;
    for (int i = 0; i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        if (lk && counts_in(lk, format))
            tot += nts_of(lk);
    }
    return tot;
}

unsigned long lockstat_tot(void)
{
    return lockstat_tot_as(LOCKSTAT_KMEM_BCACHE);
}

unsigned long lockstat_kmem_acquires(void)
{
    unsigned long n = 0;
    for (int i = 0; i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        if (lk && counts_in_tot(lk))
            n += n_of(lk);
    }
    return n;
}

/* Appends to a report buffer; the count goes on growing past the end, as snprintf's does. */
struct report {
    char *buf;
    size_t size;
    size_t len;
};

static void append(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(struct report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = r->len < r->size ? r->size - r->len : 0;
    r->len += (size_t)vsnprintf(r->buf + (r->len < r->size ? r->len : r->size), room, fmt, ap);
    va_end(ap);
}

void lockstat_printable_name(const char *name, char *out, size_t size)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (; name && *name && o + 5 < size; name++) {
        unsigned char c = (unsigned char)*name;
        if (c >= 0x20 && c < 0x7f) {
            out[o++] = (char)c;
        } else {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
    if (!name)
        snprintf(out, size, "?");
}

static void append_lock(struct report *r, struct spinlock *lk)
{
    char name[40];
    lockstat_printable_name(lk->name, name, sizeof(name));
    append(r, "lock: %s: #test-and-set %u #acquire() %u\n", name, nts_of(lk), n_of(lk));
}

/* The lock with the most failed swaps that is not already among the first `ntaken`
   chosen; ties go to the lock registered first. Locks never acquired are skipped. */
static struct spinlock *most_contended(struct spinlock *const *taken, int ntaken)
{
    struct spinlock *best = 0;
    for (int i = 0; i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        int seen = 0;
        for (int t = 0; t < ntaken; t++)
            seen |= taken[t] == lk;
        if (!lk || seen || n_of(lk) == 0)
            continue;
        if (!best || nts_of(lk) > nts_of(best))
            best = lk;
    }
    return best;
}

static size_t report_as(char *buf, size_t size, enum lockstat_format format)
{
    struct report r = {.buf = buf, .size = size, .len = 0};
    unsigned long tot = 0;

    append(&r,
           format == LOCKSTAT_KMEM_ONLY ? "--- lock kmem stats\n" : "--- lock kmem/bcache stats\n");
    for (int i = 0; i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        if (!lk || !counts_in(lk, format))
            continue;
        tot += nts_of(lk);
        if (n_of(lk) > 0)
            append_lock(&r, lk);
    }

    append(&r, "--- top 5 contended locks:\n");
    struct spinlock *top[5];
    int ntop = 0;
    while (ntop < 5 && (top[ntop] = most_contended(top, ntop)) != 0)
        append_lock(&r, top[ntop++]);

    append(&r, "tot= %lu\n", tot);
    return r.len;
}

size_t lockstat_report(char *buf, size_t size)
{
    return report_as(buf, size, LOCKSTAT_KMEM_BCACHE);
}

/* The report is big (a line per kmem lock), so it is built in a static buffer rather than
   on a 16 KiB stack; `printing` catches two harts using it at once. */
static char report_buf[LOCKSTAT_MAX * 80];
static int printing;

void lockstat_print_as(enum lockstat_format format)
{
    if (__atomic_exchange_n(&printing, 1, __ATOMIC_ACQUIRE))
        panic("lockstat_print: called on two harts at once");
    size_t len = report_as(report_buf, sizeof(report_buf), format);
    printf("%s", report_buf);
    if (len >= sizeof(report_buf))
        printf("(lock report cut at %lu bytes)\n", (unsigned long)sizeof(report_buf));
    __atomic_store_n(&printing, 0, __ATOMIC_RELEASE);
}

void lockstat_print(void)
{
    lockstat_print_as(LOCKSTAT_KMEM_BCACHE);
}
