// Lab mode test input: correct.c with one known bug. This allocator reads cpuid() before
// push_off(), with interrupts on; the lab handout warns that the answer is only stable with
// interrupts off.
#define BUG_CPUID
#include "correct.c"
