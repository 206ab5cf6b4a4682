// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: on the host, where the explorer runs the file natively, 1.5 GiB of data written
// through in every explored schedule (the largest a non-PIE program's data can be is 2 GiB).
// Under the explorer's 2 GiB of address space the program starts, and then the explorer's
// own memory is what runs out. None of it in the kernel.
#if defined(__x86_64__)
static char hog[1536UL << 20];
#define HOOK_KINIT() do { for(unsigned long i = 0; i < sizeof hog; i += 4096) hog[i]++; } while(0)
#endif
#include "correct.c"
