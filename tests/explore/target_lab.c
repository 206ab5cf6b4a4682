/* The explorer's target when it runs an xv6 lock-lab kalloc.c: the file as its author
   wrote it, built with lab mode's compat headers (tests/labmode/compat) and its kalloc, kfree,
   kinit, acquire, initlock, memset and `end` renamed xv6_* (tests/explore/CMakeLists.txt,
   kmem_explore_lab), so that this file can count and check around them. The lists are
   the file's own business: stories show the pages free, not per-list lengths. acquire and
   release are kmem's locks (scheduling points); cpuid() and mycpu() with interrupts on are
   points where the rest of the call may move to another CPU; the lab's rules that need no
   schedule are lab_rules.c's. */
#include <stdio.h>
#include <string.h>

#include "explorer.h"
#include "hart.h"
#include "host_harts.h"
#include "intr.h"
#include "lab_rules.h"
#include "kalloc.h"
#include "lockstat.h"
#include "proc.h"
#include "spinlock.h"
#include "story_where.h"
#include "target.h"

#ifndef KMEM_SOURCE_DIR
#define KMEM_SOURCE_DIR ""
#endif
/* The file's name and content hash: data of the file's own object (lab/lab_prelude.h), so
   that this object is the same for every file. */
extern const char lab_file_name[], lab_file_hash[];

void *xv6_kalloc(void);
void xv6_kfree(void *pa);
void xv6_kinit(void);

/* The file's `end` (the first address after the kernel) is the arena's start, and PHYSTOP
   its end: freerange(end, PHYSTOP) frees exactly the scenario's pages. */
#define ARENA_PAGES 512
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
static unsigned long nfree; /* pages given to kfree minus pages kalloc returned */

/* The file as the user named it: relative to the source tree when it lies inside. */
static const char *lab_file(void)
{
    size_t top = strlen(KMEM_SOURCE_DIR);
    const char *file = lab_file_name;
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
    static char text[32];
    snprintf(text, sizeof(text), "lab-%s", lab_file_hash);
    return text;
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
    lab_rules_boot();
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

void target_check_lists(int only_free)
{
    (void)only_free; /* a lab file's counts are its own: their consequences are checked */
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
    unsigned long a = (unsigned long)addr, arena = (unsigned long)xv6_end;
    if (a - arena < sizeof(xv6_end)) { /* a page's own bytes: its link, while free */
        snprintf(out, size, "page #%lu%s", (a - arena) / PGSIZE,
                 (a - arena) % PGSIZE ? "+" : "'s first word (its next link)");
        if ((a - arena) % PGSIZE)
            snprintf(out + strlen(out), size - strlen(out), "%lu", (a - arena) % PGSIZE);
        return;
    }
    where_element(addr, NCPU, out, size);
}

/* What the scenarios call: the file's kalloc and kfree, counted. */
void *kalloc(void)
{
    lab_rules_call(1);
    void *pa = xv6_kalloc();
    lab_rules_call(-1);
    if (pa)
        nfree--;
    return pa;
}

void kfree(void *pa)
{
    lab_rules_call(1);
    xv6_kfree(pa);
    lab_rules_call(-1);
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
        lab_rules_cpuid(caller);
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

/* kalloc.h's: a lab file keeps whatever it keeps per CPU; nothing to tell it. */
void kmem_hart_idle(void) {}

void target_hart_done(void)
{
    kmem_hart_idle();
}

unsigned long target_cached(int hart)
{
    (void)hart;
    return 0;
}

int target_has_caches(void)
{
    return 0;
}
