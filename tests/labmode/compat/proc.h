/* Lab mode: what a lab kalloc.c takes from xv6's proc.h: struct cpu and mycpu(). One
   struct cpu per hart index (tests/labmode/xv6_adapter.c), so `mycpu() - cpus` is the hart's
   cpuid() as on xv6. kmem keeps push_off's state in its own hart table: noff and intena
   here are not maintained, only there for files that name them. */
#ifndef KMEM_XV6_PROC_H
#define KMEM_XV6_PROC_H

#include "param.h"

struct proc;

struct cpu {
    struct proc *proc;
    int noff;
    int intena;
};

extern struct cpu cpus[NCPU];
extern int ncpu; /* how many CPUs run (x86 xv6 and some courses' RISC-V kernels have it) */

struct cpu *mycpu(void);
int cpuid(void);

#endif
