/* Happens-before over plain accesses (race.h). Shadow memory: one cell per 8-byte word of
   the binary's data and bss and of the arena, holding the last write (hart, clock, bytes,
   instruction, locks held) and each hart's last read; a cell of an older schedule is empty
   (its generation). A hart's clock ticks at each release; what an acquire joins is the
   memory model's (store_history.c: the release clock of the store it read). Two accesses to the
   same bytes, one a store, by two harts, race when the first is not ordered before the second.

   A race is a finding, except a peek: a load holding no lock of a word whose racing store
   held one (a length read before taking the lock, re-checked under it). Whether a peek is
   benign depends on what the code does with a stale value, so every race's two
   instructions become scheduling points for a second pass (race_promote), where a stale
   value that matters shows as a finding of its own (a crash, a page handed out twice). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "explorer.h"
#include "hart.h"
#include "lockstat.h"
#include "race.h"
#include "sched_hart.h"
#include "spinlock.h"
#include "store_history.h"
#include "story_where.h"
#include "target.h"

#define H EXPLORE_MAX_HARTS

struct cell {
    unsigned gen; /* the schedule the rest belongs to */
    unsigned char wmask, whart, rmask[H];
    unsigned wclock, rclock[H];
    unsigned long wpc, rpc[H];
    unsigned long wlocks, rlocks[H];
    unsigned char atomic;  /* the word has a store history (store_history.c) */
    unsigned char watomic; /* the last write was an atomic store: checked against plain only */
};

struct region {
    uintptr_t start, end;
    struct cell *cells;
};
static struct region data, arena;
static unsigned gen;
static int on;                    /* checking: the harts run */
static unsigned clocks[H][H];     /* each hart's vector clock */
static unsigned long lockmask[H]; /* locks held, valid while lock_known */
static int lock_known[H];
static struct race found, peeked;

extern char __data_start[], _end[];
extern __thread struct hart *host_hart;

static struct cell *map_cells(size_t n)
{
    void *p = mmap(0, n * sizeof(struct cell), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        fputs("explore: no memory for the race detector's shadow\n", stderr);
        exit(3);
    }
    return p;
}

void race_watch(const void *start, size_t bytes)
{
    uintptr_t s = (uintptr_t)start;
    if (s >= (uintptr_t)__data_start && s + bytes <= (uintptr_t)_end)
        return; /* inside the data region already */
    if (!arena.cells || bytes > arena.end - arena.start) {
        if (arena.cells)
            munmap(arena.cells, (arena.end - arena.start) / 8 * sizeof(struct cell));
        arena.cells = map_cells(bytes / 8 + 1);
    }
    arena.start = s;
    arena.end = s + bytes;
}

static inline struct cell *cell_of(uintptr_t a)
{
    if (a - arena.start < arena.end - arena.start)
        return &arena.cells[(a - arena.start) / 8];
    if (a - data.start < data.end - data.start)
        return &data.cells[(a - data.start) / 8];
    return 0;
}

static struct cell *fresh(struct cell *c)
{
    if (c->gen != gen) {
        memset(c, 0, sizeof(*c));
        c->gen = gen;
    }
    return c;
}

void race_begin(int nharts)
{
    if (!data.cells) {
        data.start = (uintptr_t)__data_start & ~7UL;
        data.end = (uintptr_t)_end;
        data.cells = map_cells((data.end - data.start) / 8 + 1);
    }
    gen++;
    memset(clocks, 0, sizeof(clocks));
    for (int i = 0; i < nharts; i++)
        clocks[i][i] = 1;
    memset(lock_known, 0, sizeof(lock_known));
    found.seen = peeked.seen = 0;
    on = 1;
}

void race_end(void)
{
    on = 0;
}

/* Two harts swap CPUs (an interrupt moved the rest of a call, sched_migrate): the kernel's
   switch between them is ordered, so each is ordered after the other. */
void race_migrate(int a, int b)
{
    clock_join(clocks[a], clocks[b]);
    memcpy(clocks[b], clocks[a], sizeof(clocks[b]));
    clocks[a][a]++;
    clocks[b][b]++;
    lock_known[a] = lock_known[b] = 0;
}

void race_point(void)
{
    lock_known[sched_cur] = 0;
}

static unsigned long locks_held(int h)
{
    if (!lock_known[h]) {
        unsigned long m = 0;
        int n = lockstat_count();
        for (int i = 0; i < n && i < 64; i++) {
            struct spinlock *lk = lockstat_lock(i);
            if (lk && lk->locked && lk->holder == host_hart)
                m |= 1UL << i;
        }
        lockmask[h] = m;
        lock_known[h] = 1;
    }
    return lockmask[h];
}

void clock_join(unsigned *into, const unsigned *from)
{
    for (int i = 0; i < H; i++)
        if (from[i] > into[i])
            into[i] = from[i];
}

unsigned *race_clock(int hart)
{
    return clocks[hart];
}

void race_tick(int hart)
{
    clocks[hart][hart]++;
}

void race_mark_atomic(const void *addr)
{
    struct cell *c = cell_of((uintptr_t)addr);
    if (c)
        fresh(c)->atomic = 1;
}

/* A race between the earlier access (hart a) and this one (hart b). */
static void race(const void *addr, int a, int awrite, unsigned long apc, unsigned long alocks,
                 int b, int bwrite, unsigned long bpc)
{
    unsigned long blocks = locks_held(b);
    unsigned long rlocks = awrite ? blocks : alocks, wlocks = awrite ? alocks : blocks;
    int peek = !(awrite && bwrite) && rlocks == 0 && wlocks != 0;
    int known = race_is_site(apc) && race_is_site(bpc); /* told in the pass that saw it */
    race_see_site(apc);
    race_see_site(bpc);
    struct race *r = peek ? &peeked : &found;
    if (r->seen || known)
        return;
    *r = (struct race){1,          sched_steps,      addr, {a, b}, {awrite, bwrite},
                       {apc, bpc}, {alocks, blocks}, peek};
    if (story_recording)
        story_race(r);
}

/* The cell's last write is now hart h's, at its current epoch. */
static inline void keep_write(struct cell *c, unsigned char m, int h, unsigned long pc, int atomic)
{
    c->wmask = m;
    c->whart = (unsigned char)h;
    c->wclock = clocks[h][h];
    c->wpc = pc;
    c->wlocks = locks_held(h);
    c->watomic = (unsigned char)atomic;
}

static inline __attribute__((always_inline)) void check(uintptr_t a, unsigned size, int write,
                                                        unsigned long pc)
{
    struct cell *c = cell_of(a);
    if (!c)
        return;
    c = fresh(c);
    int h = sched_cur;
    unsigned char m = (unsigned char)(((1u << size) - 1) << (a & 7));
    const unsigned *vc = clocks[h];
    /* FastTrack's same-epoch case: this hart already made this access since its last
       release, so nothing new can race (most accesses end here). */
    if (write ? c->whart == h && c->wclock == vc[h] && (c->wmask & m) == m
              : c->rclock[h] == vc[h] && (c->rmask[h] & m) == m)
        return;
    if ((c->wmask & m) && c->whart != h && c->wclock > vc[c->whart])
        race((void *)a, c->whart, 1, c->wpc, c->wlocks, h, write, pc);
    if (write) {
        if (c->atomic) /* a plain store to a word atomics access: a store of its history */
            history_plain_store((const void *)a);
        for (int i = 0; i < H; i++)
            if (i != h && (c->rmask[i] & m) && c->rclock[i] > vc[i])
                race((void *)a, i, 0, c->rpc[i], c->rlocks[i], h, 1, pc);
        keep_write(c, m, h, pc, 0);
    } else {
        c->rmask[h] = m;
        c->rclock[h] = vc[h];
        c->rpc[h] = pc;
        c->rlocks[h] = locks_held(h);
    }
}

static inline __attribute__((always_inline)) void access(const void *addr, unsigned size, int write,
                                                         unsigned long pc)
{
    if (!on)
        return;
    if (race_is_site(pc))
        explore_plain_point(write ? EXPLORE_PLAIN_STORE : EXPLORE_PLAIN_LOAD, addr, pc);
    uintptr_t a = (uintptr_t)addr;
    unsigned first = 8 - (unsigned)(a & 7);
    if (size <= first) {
        check(a, size, write, pc);
        return;
    }
    check(a, first, write, pc); /* an access across two words: each part */
    check(a + first, size - first > 8 ? 8 : size - first, write, pc);
}

/* An atomic store races a plain access that neither orders, as C11 says (a plain load of
   a flag another hart stores atomically, with no acquire between); atomic accesses among
   themselves never race, and an atomic load is a peek by design (atomic_read4). */
void race_atomic_store(const void *addr, unsigned size, unsigned long pc)
{
    uintptr_t a = (uintptr_t)addr;
    struct cell *c = on ? cell_of(a) : 0;
    if (!c)
        return;
    c = fresh(c);
    int h = sched_cur;
    unsigned char m = (unsigned char)(((1u << (size > 8 ? 8 : size)) - 1) << (a & 7));
    const unsigned *vc = clocks[h];
    if ((c->wmask & m) && !c->watomic && c->whart != h && c->wclock > vc[c->whart])
        race(addr, c->whart, 1, c->wpc, c->wlocks, h, 1, pc);
    for (int i = 0; i < H; i++)
        if (i != h && (c->rmask[i] & m) && c->rclock[i] > vc[i])
            race(addr, i, 0, c->rpc[i], c->rlocks[i], h, 1, pc);
    keep_write(c, m, h, pc, 1);
    lock_known[h] = 0; /* a lock's own swap: its holder is set after it, so look again */
}

const struct race *race_found(void)
{
    return found.seen ? &found : 0;
}

const struct race *race_peeked(void)
{
    return peeked.seen ? &peeked : 0;
}

static int locks_text(unsigned long locks, char *out, size_t size)
{
    if (!locks)
        return snprintf(out, size, "holding no lock");
    int len = snprintf(out, size, "holding");
    for (int i = 0; i < 64 && locks >> i; i++) {
        struct spinlock *lk = lockstat_lock(i);
        char label[120] = "(a lock no longer known)";
        if (!(locks >> i & 1))
            continue;
        if (lk)
            target_lock_label(lk, label, sizeof(label));
        len += snprintf(out + len, size - (size_t)len, " %s", label);
    }
    return len;
}

void race_describe(const struct race *r, char *out, size_t size)
{
    char word[120], where[2][300], locks[2][200];
    target_name_word(r->addr, word, sizeof(word));
    void *pcs[2] = {(void *)r->pc[0], (void *)r->pc[1]};
    where_want(pcs, 2);
    where_resolve();
    for (int i = 0; i < 2; i++) {
        where_code(&pcs[i], 1, where[i], sizeof(where[i]));
        locks_text(r->locks[i], locks[i], sizeof(locks[i]));
    }
    snprintf(out, size,
             "%s on %s: hart %d %s it in %s, %s; hart %d %s it in %s, %s; no lock or atomic "
             "orders the two",
             r->peek ? "an unlocked peek" : "data race", word, r->hart[0],
             r->write[0] ? "wrote" : "read", where[0], locks[0], r->hart[1],
             r->write[1] ? "wrote" : "read", where[1], locks[1]);
}

/* clang's ThreadSanitizer instrumentation (-fsanitize=thread at compile time, linked
   without its runtime) calls these before each plain access; the caller's return address
   names the instruction. */
#define RET ((unsigned long)__builtin_return_address(0))
void __tsan_init(void) {}
void __tsan_func_entry(void *pc)
{
    (void)pc;
}
void __tsan_func_exit(void) {}
#define TSAN_SIZE(n)                                                                               \
    void __tsan_read##n(void *a)                                                                   \
    {                                                                                              \
        access(a, n, 0, RET);                                                                      \
    }                                                                                              \
    void __tsan_write##n(void *a)                                                                  \
    {                                                                                              \
        access(a, n, 1, RET);                                                                      \
    }                                                                                              \
    void __tsan_unaligned_read##n(void *a)                                                         \
    {                                                                                              \
        access(a, n, 0, RET);                                                                      \
    }                                                                                              \
    void __tsan_unaligned_write##n(void *a)                                                        \
    {                                                                                              \
        access(a, n, 1, RET);                                                                      \
    }
TSAN_SIZE(1)
TSAN_SIZE(2)
TSAN_SIZE(4)
TSAN_SIZE(8)
void __tsan_read16(void *a)
{
    access(a, 8, 0, RET), access((char *)a + 8, 8, 0, RET);
}
void __tsan_write16(void *a)
{
    access(a, 8, 1, RET), access((char *)a + 8, 8, 1, RET);
}
void __tsan_unaligned_read16(void *a)
{
    __tsan_read16(a);
}
void __tsan_unaligned_write16(void *a)
{
    __tsan_write16(a);
}
void __tsan_read_range(void *a, unsigned long n)
{
    for (unsigned long i = 0; i < n; i += 8)
        access((char *)a + i, n - i < 8 ? (unsigned)(n - i) : 8, 0, RET);
}
void __tsan_write_range(void *a, unsigned long n)
{
    for (unsigned long i = 0; i < n; i += 8)
        access((char *)a + i, n - i < 8 ? (unsigned)(n - i) : 8, 1, RET);
}
