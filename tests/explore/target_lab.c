/* The explorer's target when it runs an xv6 lock-lab kalloc.c: the file as its author
   wrote it, built with lab mode's compat headers (tests/xv6/compat) and its kalloc, kfree,
   kinit, acquire, initlock, memset and `end` renamed xv6_* (tests/explore/CMakeLists.txt,
   kmem_explore_lab), so that this file can count and check around them. The lists are
   the file's own business: stories show the pages free, not per-list lengths. acquire and
   release are kmem's locks (scheduling points); cpuid() and mycpu() with interrupts on are
   points where the rest of the call may move to another CPU; the lab's rules that need no
   schedule (lock names, initlock before use, cpuid() with interrupts off) are checked on
   the way and told once (target_rules_report). */
#include <execinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "explorer.h"
#include "hart.h"
#include "host_harts.h"
#include "intr.h"
#include "kalloc.h"
#include "lockstat.h"
#include "proc.h"
#include "spinlock.h"
#include "story_where.h"
#include "target.h"

#ifndef LAB_FILE
#define LAB_FILE "kalloc.c"
#endif
#ifndef KMEM_SOURCE_DIR
#define KMEM_SOURCE_DIR ""
#endif
#ifndef LAB_HASH
#define LAB_HASH "0"
#endif

void *xv6_kalloc(void);
void xv6_kfree(void *pa);
void xv6_kinit(void);

/* The file's `end` (the first address after the kernel) is the arena's start, and PHYSTOP
   its end: freerange(end, PHYSTOP) frees exactly the scenario's pages. */
#define ARENA_PAGES 256
char xv6_end[ARENA_PAGES * PGSIZE] __attribute__((aligned(PGSIZE)));
unsigned long xv6_phystop;
struct cpu cpus[NCPU];
int ncpu;

/* The file's variables (tests/explore/lab/lab_prelude.h), and their initial values. */
extern char __start_lab_data[] __attribute__((weak)), __stop_lab_data[] __attribute__((weak));
extern char __start_lab_bss[] __attribute__((weak)), __stop_lab_bss[] __attribute__((weak));
static char *initial_data;

static unsigned long boot_pages; /* kfree's junk fills while kinit ran */
static int in_kinit;
static unsigned long nfree;            /* pages given to kfree minus pages kalloc returned */
static int in_call[EXPLORE_MAX_HARTS]; /* by CPU: inside kalloc or kfree */

/* The lab's rules, each broken at most once per place: told after the search. */
enum rule { RULE_CPUID, RULE_STACK_NAME, RULE_NOT_KMEM, RULE_NO_INITLOCK, RULES };
static const char *const rule_names[RULES] = {
    [RULE_CPUID] = "cpuid() with interrupts on",
    [RULE_STACK_NAME] = "lock name on a stack",
    [RULE_NOT_KMEM] = "lock not named kmem*",
    [RULE_NO_INITLOCK] = "lock never given to initlock",
};
#define RULE_FRAMES 16
#define RULE_MAX    16
struct broken {
    enum rule rule;
    void *place; /* the call in the file that broke it */
    void *frames[RULE_FRAMES];
    int nframes;
    char text[160];
};
static struct broken broken[RULE_MAX];
static int nbroken;

/* The locks initlock saw in this boot. */
#define LAB_LOCKS 32
static struct spinlock *inited[LAB_LOCKS];
static int stack_named[LAB_LOCKS]; /* its name was on initlock's caller's stack */
static int ninited;
static struct spinlock *taken_in_calls[LAB_LOCKS]; /* distinct locks kalloc/kfree took */
static unsigned long taken_by[LAB_LOCKS];          /* bit i: CPU i took it */
static int ntaken;

static void rule_broken(enum rule r, void *caller, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void rule_broken(enum rule r, void *caller, const char *fmt, ...)
{
    for (int i = 0; i < nbroken; i++) {
        if (broken[i].rule == r && broken[i].place == caller)
            return;
    }
    if (nbroken == RULE_MAX)
        return;
    struct broken *b = &broken[nbroken++];
    b->rule = r;
    b->place = caller;
    b->nframes = backtrace(b->frames, RULE_FRAMES);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->text, sizeof(b->text), fmt, ap);
    va_end(ap);
}

/* Each rule broken, once, with every place in the file that broke it. */
int target_rules_report(void)
{
    for (int i = 0; i < nbroken; i++)
        where_want(broken[i].frames, broken[i].nframes);
    where_resolve();
    int rules = 0;
    for (int r = 0; r < RULES; r++) {
        int first = 1;
        for (int i = 0; i < nbroken; i++) {
            if ((int)broken[i].rule != r)
                continue;
            char where[400];
            where_code(broken[i].frames, broken[i].nframes, where, sizeof(where));
            if (first)
                say("rule broken: %s: %s\n", rule_names[r], broken[i].text);
            say("  in %s\n", where);
            rules += first;
            first = 0;
        }
    }
    if (ntaken == 1 && __builtin_popcountl(taken_by[0]) > 1) {
        say("rule broken: per-CPU lists: kalloc and kfree took one lock (\"%s\") on every "
            "CPU: the starter's single shared list\n",
            taken_in_calls[0]->name ? taken_in_calls[0]->name : "");
        rules++;
    }
    return rules;
}

/* The file as the user named it: relative to the source tree when it lies inside. */
static const char *lab_file(void)
{
    size_t top = strlen(KMEM_SOURCE_DIR);
    const char *file = LAB_FILE;
    return top && strncmp(file, KMEM_SOURCE_DIR, top) == 0 ? file + top : file;
}

const char *target_replay_command(void)
{
    static char text[400];
    snprintf(text, sizeof(text), "scripts/run --xv6-kalloc %s --explore-replay", lab_file());
    return text;
}

const char *target_variant(void)
{
    return "lab-" LAB_HASH;
}

const char *target_tunables(void)
{
    static char text[16];
    snprintf(text, sizeof(text), "ncpu%d", NCPU);
    return text;
}

const char *target_title(void)
{
    static char text[300];
    snprintf(text, sizeof(text), "lab file %s (NCPU %d)", lab_file(), NCPU);
    return text;
}

void kmem_init(const struct machine_info *machine, unsigned long image_end)
{
    (void)image_end;
    xv6_phystop = machine->memory[0].end;
    ncpu = machine->nharts;
    ninited = 0;
    boot_pages = 0;
    in_kinit = 1;
    xv6_kinit();
    in_kinit = 0;
    if (!boot_pages) /* a kfree with no junk fill: assume it took every page */
        boot_pages = (xv6_phystop - (unsigned long)xv6_end) / PGSIZE;
    nfree = boot_pages;
}

void target_boot(int nharts, unsigned long pages)
{
    size_t data = (size_t)(__stop_lab_data - __start_lab_data);
    if (!initial_data && data) {
        static char copy[1 << 20];
        if (data > sizeof(copy))
            sched_found(FOUND_PANIC, "the lab file's variables take more than 1 MiB");
        memcpy(copy, __start_lab_data, data);
        initial_data = copy;
    }
    if (data)
        memcpy(__start_lab_data, initial_data, data);
    if (__stop_lab_bss > __start_lab_bss)
        memset(__start_lab_bss, 0, (size_t)(__stop_lab_bss - __start_lab_bss));
    memset(cpus, 0, sizeof(cpus));
    memset(in_call, 0, sizeof(in_call));
    if (pages > ARENA_PAGES)
        sched_found(FOUND_PANIC, "scenario has more than %d pages", ARENA_PAGES);
    host_boot_in(nharts, xv6_end, pages); /* calls kmem_init: the file's kinit */
}

unsigned long target_boot_pages(void)
{
    return boot_pages;
}

unsigned long target_free_count(void)
{
    return nfree;
}

int target_list_lengths(unsigned long *len, int max)
{
    (void)len;
    (void)max;
    return 0;
}

const char *target_list_name(int i, char *buf, size_t size)
{
    snprintf(buf, size, "list %d", i);
    return buf;
}

void target_check_lists(void) {}

/* A lab file names its locks as it likes ("kmem" for all of them, or a name on a stack):
   where two share a name, the array element the lock lives in tells them apart. */
void target_lock_label(const struct spinlock *lk, char *out, size_t size)
{
    for (int i = 0; i < ninited; i++) {
        if (inited[i] == lk && stack_named[i]) { /* whatever the stack holds there now */
            char place[64];
            where_element(lk, NCPU, place, sizeof(place));
            snprintf(out, size, "%s (named from a stack)", place);
            return;
        }
    }
    char name[40];
    lockstat_printable_name(lk->name ? lk->name : "", name, sizeof(name));
    int same = 0;
    for (int i = 0; i < ninited; i++)
        same += inited[i] != lk && inited[i]->name && lk->name &&
                strcmp(inited[i]->name, lk->name) == 0;
    if (!same) {
        snprintf(out, size, "%s", name);
        return;
    }
    char place[64];
    where_element(lk, NCPU, place, sizeof(place));
    snprintf(out, size, "%s (%s)", name, place);
}

void target_name_word(const void *addr, char *out, size_t size)
{
    for (int i = 0; i < lockstat_count(); i++) {
        struct spinlock *lk = lockstat_lock(i);
        if (lk && addr == (const void *)&lk->locked) {
            char label[120];
            target_lock_label(lk, label, sizeof(label));
            snprintf(out, size, "lock %s", label);
            return;
        }
    }
    where_data(addr, out, size);
}

/* What the scenarios call: the file's kalloc and kfree, counted. */
void *kalloc(void)
{
    int cpu = this_hart()->index;
    in_call[cpu]++;
    void *pa = xv6_kalloc();
    in_call[this_hart()->index]--; /* the call may have moved to another CPU */
    if (pa)
        nfree--;
    return pa;
}

void kfree(void *pa)
{
    int cpu = this_hart()->index;
    in_call[cpu]++;
    xv6_kfree(pa);
    in_call[this_hart()->index]--;
    nfree++;
}

/* What the file calls besides its own functions. */

/* memset, renamed in the file: kfree's junk fills while kinit runs are the pages it hands
   over (fall 2019's freerange, for one, frees one page less than there is). */
void *xv6_memset(void *dst, int c, unsigned long n)
{
    if (in_kinit && c == 1 && n == PGSIZE && ((unsigned long)dst & (PGSIZE - 1)) == 0)
        boot_pages++;
    return memset(dst, c, n);
}

/* The identity read: with interrupts on, an interrupt right after may move the rest of the
   call to another CPU, which the explorer explores; the rule is told either way. */
static int identity(void *caller)
{
    int id = this_hart()->index;
    if (intr_get()) {
        rule_broken(RULE_CPUID, caller,
                    "the answer is only stable with interrupts off (push_off() first)");
        explore_migrate_point();
    }
    return id;
}

int cpuid(void)
{
    return identity(__builtin_return_address(0));
}

struct cpu *mycpu(void)
{
    return &cpus[identity(__builtin_return_address(0))];
}

void *xv6_memmove(void *dst, const void *src, unsigned int n)
{
    return memmove(dst, src, n);
}

/* initlock and acquire, renamed in the file: the names and the order are checked. */
void xv6_initlock(struct spinlock *lk, const char *name)
{
    initlock(lk, name);
    char here;
    int on_stack = name && (const char *)name > &here && (const char *)name < &here + 256 * 1024;
    if (ninited < LAB_LOCKS) {
        stack_named[ninited] = on_stack;
        inited[ninited++] = lk;
    }
    if (on_stack)
        rule_broken(RULE_STACK_NAME, __builtin_return_address(0),
                    "initlock(\"%.16s\") names a lock from a stack buffer, overwritten once "
                    "kinit returns",
                    name);
}

void xv6_acquire(struct spinlock *lk)
{
    int cpu = this_hart()->index;
    if (in_call[cpu]) {
        int known = 0, on_stack = 0;
        for (int i = 0; i < ninited; i++) {
            known |= inited[i] == lk;
            on_stack |= inited[i] == lk && stack_named[i];
        }
        if (!known)
            rule_broken(RULE_NO_INITLOCK, __builtin_return_address(0),
                        "kalloc/kfree take a lock that never went through initlock (kinit "
                        "runs once, on one CPU: initialise every CPU's lock there)");
        else if (!on_stack && (!lk->name || strncmp(lk->name, "kmem", 4) != 0))
            rule_broken(RULE_NOT_KMEM, __builtin_return_address(0),
                        "kalloc/kfree take a lock whose name does not start with kmem "
                        "(kalloctest's tot does not count it)");
        int i = 0;
        while (i < ntaken && taken_in_calls[i] != lk)
            i++;
        if (i == ntaken && ntaken < LAB_LOCKS)
            taken_in_calls[ntaken++] = lk;
        if (i < LAB_LOCKS)
            taken_by[i] |= 1UL << cpu;
    }
    acquire(lk);
}
