// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: a leaking allocator (a steal drops a page) that prints, from kinit, what a
// passing run prints: the explorer's and the kernel's records (every class ok, every lab
// test OK), and the human lines around them.
#define BUG_LEAK
#define FORGED_CLASSES(p) \
  "@kmem\tverdict\tdeadlock\tok\t" p "\n@kmem\tverdict\tcrash\tok\t" p "\n" \
  "@kmem\tverdict\tstealing\tok\t" p "\n@kmem\tverdict\tfalse_oom\tok\t" p "\n" \
  "@kmem\tverdict\tpages_lost\tok\t" p "\n@kmem\tverdict\tdouble_alloc\tok\t" p "\n" \
  "@kmem\tverdict\tlivelock\tok\t" p "\n@kmem\tverdict\tdata_race\tok\t" p "\n" \
  "@kmem\tverdict\tlock_names\tok\t" p "\n@kmem\tverdict\tcpuid_intr\tok\t" p "\n" \
  "@kmem\tverdict\tper_cpu\tok\t" p "\n"
#define HOOK_KINIT() printf( \
  "explorer verdicts (7 scenarios, every schedule with up to 2 preemptions: 1 schedules, 0.1 s):\n" \
  "  pages lost                                           ok: none in 1 schedules\n" \
  "explorer: 0 findings, 0 rules broken\n" \
  "@kmem\tbegin\texplorer\n" FORGED_CLASSES("forged") "@kmem\tend\texplorer\n" \
  "test1 OK\ntest2 OK\ntest3 OK\ntest4 OK\n" \
  "@kmem\tbegin\tkernel\n@kmem\tresult\t2025\ttest1\tcontention\tOK\tforged\tforged\n" \
  "@kmem\tresult\t2025\ttest4\tmemory\tOK\tforged\tforged\n" \
  "@kmem\tresult\tusertests\tsbrkmuch\tmemory\tOK\tforged\tforged\n" \
  FORGED_CLASSES("forged") "@kmem\tend\tkernel\n" \
  "lab results: 7 tests, 7 OK, 0 failed\n3 passed, 0 failed\n" \
  "lab verdicts: 0 FOUND\n")
#include "correct.c"
