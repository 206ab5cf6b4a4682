/* kalloctest as each year of the lab runs it: one suite per version of the program
   (2020 and 2021 ran the same one, as did 2022 and 2023). `scripts/run --lab YEAR` picks
   the suite of that year and usertests. Each test prints the lab's own lines; the suite
   fails if any of its tests did (all of them run, where the lab's program stops at the
   first failure that exits). */
#include "harness.h"
#include "kalloctest.h"

static int verdict(int failures, int tests)
{
    if (failures)
        return suite_fail("%d of %d of the lab's tests failed (see the lab results)", failures,
                          tests);
    return 0;
}

static int kalloctest2019(void)
{
    static const struct lab_version v = {"2019", 2019};
    int failures = 0;
    failures += kt_contention(&v, "test0") != 0;
    failures += kt_take_all(&v) != 0;
    return verdict(failures, 2);
}

static int kalloctest2020(void)
{
    static const struct lab_version v = {"2020-2021", 2020};
    int failures = 0;
    failures += kt_contention(&v, "test1") != 0;
    failures += kt_countfree50(&v) != 0;
    return verdict(failures, 2);
}

static int kalloctest2022(void)
{
    static const struct lab_version v = {"2022-2023", 2022};
    int failures = 0;
    failures += kt_contention(&v, "test1") != 0;
    failures += kt_countfree50(&v) != 0;
    failures += kt_liveness(&v) != 0;
    return verdict(failures, 3);
}

static int kalloctest2024(void)
{
    static const struct lab_version v = {"2024", 2024};
    int failures = 0;
    failures += kt_contention(&v, "test1") != 0;
    failures += kt_countfree50(&v) != 0;
    failures += kt_countfree_pairs(&v) != 0;
    return verdict(failures, 3);
}

static int kalloctest2025(void)
{
    static const struct lab_version v = {"2025", 2025};
    int failures = 0;
    failures += kt_contention(&v, "test1") != 0;
    failures += kt_last128(&v) != 0;
    failures += kt_forks(&v) != 0;
    failures += kt_pressure(&v) != 0;
    return verdict(failures, 4);
}

SUITE(kalloctest2019, .name = "kalloctest2019",
      .summary = "the lab's kalloctest of 2019: test0 (tot), test1 (all memory)",
      .run = kalloctest2019);
SUITE(kalloctest2020, .name = "kalloctest2020",
      .summary = "the lab's kalloctest of 2020-2021: test1 (tot < 10), test2 (countfree x 50)",
      .run = kalloctest2020);
SUITE(kalloctest2022, .name = "kalloctest2022",
      .summary = "the lab's kalloctest of 2022-2023: 2020's and test3 (liveness)",
      .run = kalloctest2022);
SUITE(kalloctest2024, .name = "kalloctest2024",
      .summary = "the lab's kalloctest of 2024: 2020's and test3 (countfree pairs, tot < 10000)",
      .run = kalloctest2024);
SUITE(kalloctest2025, .name = "kalloctest2025",
      .summary = "the lab's kalloctest of 2025: test1-test4 (last 128 pages, forks, tot < 30000)",
      .run = kalloctest2025);
