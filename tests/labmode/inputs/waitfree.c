// Lab mode test input: correct.c with one known bug. With no page free anywhere, kalloc
// waits (holding no lock, interrupts on) for some CPU to free one, instead of returning
// 0: when memory is gone for good, it never returns: a livelock.
#define BUG_WAIT_FREE
#include "correct.c"
