/* Per-hart state: one cache-line-sized struct hart for every hart in the device tree.
   The hart *id* is the platform's name for a hart (sparse, chosen by firmware); the hart
   *index* is our dense 0..hart_count()-1 numbering, with the boot hart always index 0. */
#ifndef KMEM_HART_H
#define KMEM_HART_H

#define CACHE_LINE 64

/* Offsets read from assembly (arch/riscv/entry.S); checked in lib/hart.c. */
#define HART_STACK_TOP_OFFSET 24

#ifndef KMEM_MAX_HARTS
#define KMEM_MAX_HARTS 128
#endif

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct spinlock;

struct hart {
    unsigned long id;    /* hart id from the device tree and SBI */
    int index;           /* dense index; what per-hart arrays are indexed by */
    int noff;            /* push_off nesting depth */
    int intena;          /* nonzero: interrupts were on before the outermost push_off */
    int online;          /* 1 while running kernel code, 0 while stopped (written by itself) */
    uintptr_t stack_top; /* initial stack pointer, loaded by the secondary entry code */
    struct spinlock *waiting_for; /* lock it has spun on for long (the watchdog's view) */
    void *kmem_list;  /* its own free list, set by the allocator at boot (one load away) */
    void *kmem_cache; /* its page cache (cached policy), set at boot likewise */
    void *trace_ring; /* its timeline's ring (lib/trace.c), or 0: none is recorded */
} __attribute__((aligned(CACHE_LINE)));

extern struct hart harts[KMEM_MAX_HARTS];

int hart_count(void);
struct hart *hart_by_index(int index);
void hart_table_init(unsigned long boot_id, const unsigned long *ids, int n);

#include "hart_ptr.h" /* arch: this_hart() */

#endif /* __ASSEMBLER__ */
#endif
