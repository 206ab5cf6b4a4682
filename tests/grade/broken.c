// clang-format off
// A submission that does not compile (a brace lost in an edit): scripts/grade reports it
// as not built, with the compiler's words, and grades the rest.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "defs.h"

void *
kalloc(void)
{
  return 0;
