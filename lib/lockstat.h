/* The table of every initialised spinlock and the lock lab's statistics report. */
#ifndef KMEM_LOCKSTAT_H
#define KMEM_LOCKSTAT_H

#include <stddef.h>

#include "hart.h"
#include "spinlock.h"

/* Room for one kmem lock per hart plus the kernel's few others. */
#define LOCKSTAT_MAX (KMEM_MAX_HARTS + 32)

void lockstat_register(struct spinlock *lk);

/* Zero every lock's counters, so a test measures only its own run. */
void lockstat_reset(void);

/* Sum of #test-and-set over locks named kmem* or bcache*: the report's "tot=". */
unsigned long lockstat_tot(void);

/* Sum of #acquire() over the same locks. */
unsigned long lockstat_kmem_acquires(void);

/* Print the report in the lab's format:
     --- lock kmem/bcache stats
     lock: <name>: #test-and-set <nts> #acquire() <n>      (kmem* and bcache* with n > 0)
     --- top 5 contended locks:
     lock: <name>: #test-and-set <nts> #acquire() <n>      (any lock, most nts first)
     tot= <sum>                                            */
void lockstat_print(void);

/* The same report into buf (always NUL-terminated when size > 0); returns its full length,
   which is >= size if it was cut. */
size_t lockstat_report(char *buf, size_t size);

/* The report as kalloctest printed it in a given year: until 2024 the header is
   "--- lock kmem/bcache stats" and tot sums kmem* and bcache* locks (the lab's bcache
   exercise shared the report); from 2025 it is "--- lock kmem stats" and tot sums kmem*
   locks only. lockstat_print() is the first form. */
enum lockstat_format { LOCKSTAT_KMEM_BCACHE, LOCKSTAT_KMEM_ONLY };
void lockstat_print_as(enum lockstat_format format);
unsigned long lockstat_tot_as(enum lockstat_format format);

/* A lock name as reports show it: bytes outside printable ASCII as \xNN, so that a name
   read from reused memory (a lab file's stack buffer) cannot make the output binary; "?"
   for none. out always holds a terminated string. */
void lockstat_printable_name(const char *name, char *out, size_t size);

int lockstat_count(void);
struct spinlock *lockstat_lock(int i);

#endif
