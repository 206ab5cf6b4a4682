// Lab mode test input: correct.c with one known bug. kinit initialises only the lock of the
// CPU it runs on; its author's main.c called kinit on every CPU, but xv6 calls it once, so
// 7 locks never reach initlock: they are missing from the lock report and from tot.
#define BUG_INIT_ONE
#include "correct.c"
