// Lab mode test input: correct.c with one known bug. This allocator steals while still holding its
// own lock, so two CPUs stealing from each other each wait for the other's lock (AB/BA deadlock).
#define BUG_DEADLOCK
#include "correct.c"
