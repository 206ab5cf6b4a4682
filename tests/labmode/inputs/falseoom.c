// Lab mode test input: correct.c with one known bug. This allocator takes one empty steal pass as
// "out of memory", but a batch another CPU is stealing can move behind the pass.
#define BUG_FALSE_OOM
#include "correct.c"
