// Hostile: on the host (where the explorer runs the file natively) 3 GiB of data, which
// the program cannot even start with under the explorer's 2 GiB; none of it in the kernel.
#include "correct.c"
#if defined(__x86_64__)
char hog[3UL << 30];
#endif
