// Lab mode test input: correct.c with one known bug. This allocator names its locks from a stack
// buffer: once kinit() returns the names are whatever that stack memory holds next, and
// kalloctest's tot loses them.
#define BUG_STACK_NAME
#include "correct.c"
