/* The verdicts of the lab's own tests (kalloctest of each year, usertests' memory
   checks), collected as they run and printed as one table at the end of the run: version,
   test, the lab's threshold, what was measured, OK or FAIL. A "contention" test is judged
   on the kmem locks' tot; the others on memory (every page found, none lost). */
#ifndef KMEM_LABRESULT_H
#define KMEM_LABRESULT_H

#include "lockstat.h"

enum lab_kind { LAB_MEMORY, LAB_CONTENTION };

/* Records one test's verdict; `measured` is a printf format. Returns ok ? 0 : -1. */
int labresult_add(const char *version, const char *test, enum lab_kind kind, int ok,
                  const char *threshold, const char *measured, ...)
    __attribute__((format(printf, 6, 7)));

/* Prints the table (nothing if no lab test ran). */
void labresult_print(void);

/* Each verdict recorded so far, in order, whole (lab mode's records, lab_record.h). */
void labresult_each(void (*fn)(const char *version, const char *test, const char *kind, int ok,
                               const char *threshold, const char *measured));

/* The lab's ntas(): the kmem tot as that year's report counts it. */
unsigned long lab_ntas(enum lockstat_format format);

/* The lab's "(out of N)": (PHYSTOP - KERNBASE) / PGSIZE, every page from where the kernel
   is loaded to the end of RAM (on xv6 the kernel is loaded at the start of RAM; here
   OpenSBI keeps the pages below it, which are not the kernel's to count). */
unsigned long lab_all_pages(void);

#endif
