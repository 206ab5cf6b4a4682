// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: writes a file outside its folder through the host's C library (a weak fopen).
struct FILE;
extern struct FILE *fopen(const char *, const char *) __attribute__((weak));
extern int fputs(const char *, struct FILE *) __attribute__((weak));
#define HOOK_KINIT() do { \
    struct FILE *f = fopen ? fopen("/tmp/kmem-hostile-wrote-a-file", "w") : 0; \
    if(f) fputs("written by a submission\n", f); \
  } while(0)
#include "correct.c"
