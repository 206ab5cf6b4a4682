// Lab mode test input: correct.c with fall 2019's freerange, which hands kinit one page
// less than the RAM above the kernel holds. Correct: every suite must pass, counting from
// the pages kinit handed over, and the missing page is reported as information.
#define FREERANGE_2019
#include "correct.c"
