// Lab mode test input: correct.c with one known bug. kalloc moves a list's head past the
// page it takes only when another page follows: the last page stays on its list and is
// handed out again, to a second caller.
#define BUG_KEEP_LAST
#include "correct.c"
