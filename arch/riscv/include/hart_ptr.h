/* How a hart finds its own struct hart: the tp register holds its address from entry on
   (arch/riscv/entry.S sets it before any C runs, and nothing changes it afterwards). */
#ifndef KMEM_HART_PTR_H
#define KMEM_HART_PTR_H

struct hart;

/* tp as a C variable (GCC's global register variable, as Linux's `current` on RISC-V):
   the compiler then addresses per-hart fields off tp directly (`lw a5,12(tp)`) instead of
   copying it out with an asm statement it may not move or merge. */
register struct hart *hart_tp __asm__("tp");

static inline struct hart *this_hart(void)
{
    return hart_tp;
}

#endif
