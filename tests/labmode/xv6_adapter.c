/* Lab mode: runs an xv6 lock-lab kalloc.c, unmodified, as kmem's allocator. The lab file's
   kalloc/kfree/kinit/acquire/initlock are renamed xv6_* at compile time; this file puts
   kmem's allocator interface (mm/kalloc.h) on top of them, counts pages so the harness's
   checks work, and watches what the lab file does with its locks and with cpuid(). */
#include "clock.h"
#include "hart.h"
#include "intr.h"
#include "kalloc.h"
#include "lab_checks.h"
#include "lab_held.h"
#include "lab_progress.h"
#include "on_harts.h"
#include "panic.h"
#include "printf.h"
#include "proc.h"
#include "spinlock.h"
#include "string.h"
#include "timer.h"
#include "trap.h"

/* The most a lab-file lock acquisition is delayed (lab_checks.c): a few microseconds. */
#define LAB_JITTER_SPINS 10000

void *xv6_kalloc(void);
void xv6_kfree(void *pa);
void xv6_kinit(void);

unsigned long xv6_phystop; /* PHYSTOP in the lab file */

static unsigned long boot_pages, ram_pages;
static unsigned long kinit_fills; /* pages kfree filled with junk while kinit ran */
static int in_kinit;
static unsigned long nfree; /* pages given to kfree minus pages kalloc returned */

struct lab_hart_counts {
    unsigned long allocs, frees;
} __attribute__((aligned(CACHE_LINE)));
static struct lab_hart_counts counts[KMEM_MAX_HARTS];

/* xv6 takes timer interrupts all the time; so does lab mode, every millisecond, and
   counts them against a call that never returns (lab_progress.c). */
static void tick(void)
{
    timer_arm(clock_ms_to_ticks(1));
    lab_progress_tick();
}

void kmem_init(const struct machine_info *machine, unsigned long image_end)
{
    if (hart_count() > NCPU)
        panic("kmem_init: lab mode: %d harts, but a lab kalloc.c handles NCPU = %d at most",
              hart_count(), NCPU);
    if (machine->nmemory != 1)
        panic("kmem_init: lab mode needs one contiguous RAM range, the tree has %d",
              machine->nmemory);
    for (int i = 0; i < machine->nreserved; i++) {
        const struct range *r = &machine->reserved[i];
        /* The device tree blob is the only reserved range above the kernel on QEMU virt,
           and nothing reads it after boot (kernel_main copied the command line out). */
        if (i > 0 && r->end > image_end)
            panic("kmem_init: lab mode: reserved memory %p-%p above the kernel", (void *)r->start,
                  (void *)r->end);
    }
    /* The file's PHYSTOP is below the bitmap of the pages it has handed out. */
    xv6_phystop = lab_held_carve(PGROUNDUP(image_end), machine->memory[0].end);
    ram_pages = (machine->memory[0].end - machine->memory[0].start) / PGSIZE;
    unsigned long above_kernel = (xv6_phystop - PGROUNDUP(image_end)) / PGSIZE;

    /* What the lab's freerange(end, PHYSTOP) hands over is measured, not assumed: xv6's
       kfree fills each page with junk (memset(pa, 1, PGSIZE)), so kinit's page-sized fills
       are its kfrees. Fall 2019's freerange, for one, frees one page less than there is. */
    ncpu = hart_count();
    lab_checks_init();
    in_kinit = 1;
    xv6_kinit();
    in_kinit = 0;
    boot_pages = kinit_fills ? kinit_fills : above_kernel;
    nfree = boot_pages;
    printf("kmem: lab mode: your kinit() handed over %lu pages (%lu of RAM above the kernel)\n",
           boot_pages, above_kernel);
    if (!kinit_fills)
        printf("kmem: lab mode: your kfree does not fill pages with junk while kinit runs, so "
               "the count is assumed to be all %lu\n",
               above_kernel);
    else if (boot_pages < above_kernel)
        printf("kmem: lab mode: your freerange leaves out %lu page%s (information, not a "
               "failure: every suite counts from what kinit handed over)\n",
               above_kernel - boot_pages, above_kernel - boot_pages == 1 ? "" : "s");

    trap_set_timer_handler(tick);
    on_harts_tick(clock_ms_to_ticks(1));
    lab_set_jitter(LAB_JITTER_SPINS);
}

void *kalloc(void)
{
    lab_enter_allocator(LAB_IN_KALLOC);
    void *pa = xv6_kalloc();
    lab_leave_allocator();
    if (pa) {
        lab_held_take(pa); /* a page handed out twice stops the run here */
        __atomic_sub_fetch(&nfree, 1, __ATOMIC_RELAXED);
        counts[this_hart()->index].allocs++;
    }
    return pa;
}

void kfree(void *pa)
{
    lab_held_give(pa); /* before the file has it: another hart may take it at once */
    __atomic_add_fetch(&nfree, 1, __ATOMIC_RELAXED);
    lab_enter_allocator(LAB_IN_KFREE);
    xv6_kfree(pa);
    lab_leave_allocator();
    counts[this_hart()->index].frees++;
}

void kmem_hart_idle(void)
{
    /* Nothing: whatever the lab file keeps per CPU is its own business. */
}

unsigned long kmem_free_count(void)
{
    return __atomic_load_n(&nfree, __ATOMIC_RELAXED);
}

unsigned long kmem_boot_pages(void)
{
    return boot_pages;
}

unsigned long kmem_ram_pages(void)
{
    return ram_pages;
}

/* The lab file's lists are its own business: only the counts kmem keeps are known. */
void kmem_stats(int hart_index, struct kmem_hart_stats *out)
{
    *out = (struct kmem_hart_stats){0, counts[hart_index].allocs, counts[hart_index].frees, 0, 0, 0,
                                    0};
}

const struct kmem_policy kmem_policy = {
    .name = "xv6-lab",
    .lists = KMEM_LISTS_OPAQUE, /* the lists are the lab file's own */
    .checks_double_free = 0,
    .set_steal_max = 0, /* how the lab file steals is its own business */
};

/* What the lab file calls besides its own functions. */

/* memset, renamed in the lab file: counts kfree's junk fills while kinit runs. */
void *xv6_memset(void *dst, int c, size_t n)
{
    if (in_kinit && c == 1 && n == PGSIZE && ((unsigned long)dst & (PGSIZE - 1)) == 0)
        kinit_fills++;
    return memset(dst, c, n);
}

struct cpu cpus[NCPU];
int ncpu;

int cpuid(void)
{
    lab_note_cpuid(__builtin_return_address(0));
    return this_hart()->index;
}

struct cpu *mycpu(void)
{
    lab_note_cpuid(__builtin_return_address(0));
    return &cpus[this_hart()->index];
}

/* memmove, renamed in the lab file (cmake/KmemLabRenames.cmake; its end is linker.ld's). */
void *xv6_memmove(void *dst, const void *src, unsigned int n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}
