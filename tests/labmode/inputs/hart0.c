// Lab mode test input: correct.c with one known bug. CPU 0 never steals; the others do.
#define BUG_HART0
#include "correct.c"
