// Lab mode test input: correct.c using what later years' xv6 gives a kalloc.c: proc.h's
// struct cpu (the id as mycpu() - cpus) and atomic_read4 (2022 on). Correct.
#define LAB_HELPERS
#include "correct.c"
