// Lab mode test input: a file whose per-CPU allocator sits under #ifdef LAB_LOCK, with the
// starter below #else, as some solutions keep both. xv6's Makefile passes -DLAB_LOCK in
// the lock lab, so the per-CPU allocator is the one under test: correct.
#ifdef LAB_LOCK
#include "correct.c"
#else
#include "starter.c"
#endif
