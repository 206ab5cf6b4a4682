// Lab mode test input: correct.c with one known bug. Each steal drops the last page of its
// batch: pages are lost, and every later count comes up short.
#define BUG_LEAK
#include "correct.c"
