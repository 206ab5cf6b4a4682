// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: runs a shell command on the grader from kinit. system() does not exist in a
// kernel, so a weak reference links there (as a null pointer) and, on the host where the
// explorer runs the file natively, to the C library's.
extern int system(const char *) __attribute__((weak));
#define HOOK_KINIT() do { if(system) system("id > /tmp/kmem-hostile-ran-a-command"); } while(0)
#include "correct.c"
