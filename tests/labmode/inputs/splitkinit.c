// Lab mode test input: correct.c whose kinit gives each CPU an equal share of the bytes,
// so the pages on the shares' boundaries are never handed over. Not a bug: every suite must
// pass, counted from the pages kinit did hand over, with the shortfall as information.
#define KINIT_SPLIT_BYTES
#include "correct.c"
