// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: floods the console from kinit and never stops. The grader keeps the first and
// last 512 KiB of each step's output (and says so), and the step's time bound ends it.
// (A bounded debug line, even one per kfree, is judged on its verdicts: the report notes
// the cut.)
#define HOOK_KINIT() for(;;) printf("flood: a line that never stops coming\n")
#include "correct.c"
