/* kalloctest's tests, one function each, as the lab's versions run them (the suites in
   kalloctest_suites.c pick each year's). A child of the lab is a hart running the same
   loop (labproc.h); sbrk(4096) + write + sbrk(-4096) is kalloc + write + kfree; the
   parent's countfree() is "kalloc until 0, count, free them all". Each prints the lab's
   lines ("start testN", "testN results:" and the lock report, "testN OK" / "testN FAIL
   ...") and records its verdict in the lab table (labresult.h). 0 = OK. */
#ifndef KMEM_KALLOCTEST_H
#define KMEM_KALLOCTEST_H

#include "lockstat.h"

struct lab_version {
    const char *name; /* "2025", "2020-2021", ... */
    int year;         /* its first year, which decides the details below */
};

/* The lock report's form, and what its tot sums (lockstat.h). */
static inline enum lockstat_format lab_format(const struct lab_version *v)
{
    return v->year >= 2025 ? LOCKSTAT_KMEM_ONLY : LOCKSTAT_KMEM_BCACHE;
}

/* 2019 test0, 2020-2025 test1: 2 children x 100000 rounds; kmem tot over the test < 10. */
int kt_contention(const struct lab_version *v, const char *test);

/* 2019 test1: 2 children take pages until out of memory; all but 1000 of every page. */
int kt_take_all(const struct lab_version *v);

/* 2020-2024 test2: countfree() finds all but 1000 of every page, then 50 more calls find
   exactly as many. */
int kt_countfree50(const struct lab_version *v);

/* 2025 test2: all but 128 pages held, then 1000 countfree() calls find exactly 128. */
int kt_last128(const struct lab_version *v);

/* 2022-2023 test3: one child loops 100000 rounds while another runs one countfree(); both
   must end. */
int kt_liveness(const struct lab_version *v);

/* 2024 test3: one child loops 100000 rounds (out-of-memory skipped) while another runs
   countfree() in pairs whose counts differ by at most 1; kmem tot < 10000. */
int kt_countfree_pairs(const struct lab_version *v);

/* 2025 test3: 10000 short-lived children each take one page (on another hart) while a
   child runs countfree() in a loop; the free count at the end equals the start. */
int kt_forks(const struct lab_version *v);

/* 2025 test4: 3 children x 100000 rounds (out-of-memory skipped) while a fourth takes and
   gives back countfree() - 300 pages; it must always get them; kmem tot < 30000. */
int kt_pressure(const struct lab_version *v);

#endif
