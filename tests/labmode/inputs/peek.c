// Lab mode test input: correct.c with one known bug. kalloc peeks at its list head without
// the lock and pops it without checking again: on an empty list it dereferences NULL.
#define BUG_PEEK
#include "correct.c"
