/* Lab mode's records from the kernel (lab_records.c; the format is lab_record.h's). */
#ifndef KMEM_LAB_RECORDS_H
#define KMEM_LAB_RECORDS_H

#include "lab_checks.h"
#include "lab_record.h"

/* Class c's verdict in this boot (FOUND, ok or n/a) and its evidence. */
void lab_record_judged(enum lab_class c, const char *word, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* After a suite: keeps why it failed or skipped (the harness's reason), for its record. */
void lab_record_reason(const char *suite);

/* The block, after every call into the lab file. status: -1 from labcheck, else the exit
   status the run is ending with. */
void lab_records_print(say_fn say, int status);

#endif
