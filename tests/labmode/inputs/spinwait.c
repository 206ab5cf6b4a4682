// Lab mode test input: correct.c with one known bug. kalloc never gives up: when every
// list is empty it steals again, and again, for ever (holding no lock between tries), so
// the first kalloc that finds memory exhausted never returns: a livelock.
#define BUG_SPIN_WAIT
#include "correct.c"
