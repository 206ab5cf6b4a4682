// Lab mode test input: correct.c with one known bug. It steals only from CPUs up to the
// highest that has called kalloc, so pages freed by a CPU that never allocated stay there.
#define BUG_SEEN_ONLY
#include "correct.c"
