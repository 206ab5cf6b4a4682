// Lab mode test input: correct.c with one known bug. This allocator never steals: one CPU can never
// get all memory (sbrkmuch).
#define BUG_NO_STEAL
#include "correct.c"
