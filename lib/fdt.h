/* A small reader for the flattened device tree that OpenSBI hands the kernel: just the
   facts kmem needs about the machine. */
#ifndef KMEM_FDT_H
#define KMEM_FDT_H

#include "hart.h"

#define FDT_MAX_RANGES 16
/* Read more ids than the kernel supports, so an oversized machine is reported, not cut. */
#define FDT_MAX_CPUS (KMEM_MAX_HARTS + 1)

struct range {
    unsigned long start;
    unsigned long end; /* exclusive */
};

struct machine_info {
    struct range memory[FDT_MAX_RANGES]; /* RAM, from /memory@* reg */
    int nmemory;
    struct range reserved[FDT_MAX_RANGES]; /* /reserved-memory children, /memreserve/, the blob */
    int nreserved;
    unsigned long hart_ids[FDT_MAX_CPUS]; /* /cpus/cpu@* reg, status not "disabled" */
    int nharts;
    unsigned long timebase_hz; /* /cpus timebase-frequency */
    const char *bootargs;      /* /chosen bootargs, "" if absent */
    unsigned long uart_base;   /* first ns16550a node, 0 if none */
    unsigned long test_device; /* sifive,test0 node, 0 if none */
};

/* Fills *info from the blob at dtb; panics on a blob that is not a device tree. */
void fdt_read(const void *dtb, struct machine_info *info);

#endif
