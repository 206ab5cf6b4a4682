// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: a leaking allocator (a steal drops a page) that prints, from kinit, the lines a
// passing run prints: the explorer's verdicts, the lab's results, the kernel's summary.
#define BUG_LEAK
#define HOOK_KINIT() printf( \
  "explorer verdicts (7 scenarios, every schedule with up to 2 preemptions: 1 schedules, 0.1 s):\n" \
  "  pages lost                                           ok: none in 1 schedules\n" \
  "explorer: 0 findings, 0 rules broken\n" \
  "test1 OK\ntest2 OK\ntest3 OK\ntest4 OK\n" \
  "lab results: 7 tests, 7 OK, 0 failed\n3 passed, 0 failed\n" \
  "lab verdicts: 0 FOUND\n")
#include "correct.c"
