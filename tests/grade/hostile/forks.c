// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: a fork bomb from kinit, through the host's C library (a weak fork: a kernel has
// none). Refused before it runs; were it run, the sandbox's process limit would stop it
// (tests/labmode/sandbox_check tries a fork bomb in the sandbox itself).
extern int fork(void) __attribute__((weak));
#define HOOK_KINIT() do { if(fork) for(;;) fork(); } while(0)
#include "correct.c"
