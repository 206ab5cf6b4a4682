// Lab mode test input: correct.c with two known bugs at once, an AB/BA deadlock and lock
// names in a stack buffer: both verdicts must print, though the deadlock ends the run.
#define BUG_DEADLOCK
#define BUG_STACK_NAME
#include "correct.c"
