/* Kernel entry points. OpenSBI jumps to _entry on the boot hart only (a0 = hart id,
   a1 = device-tree address); the others are started later through SBI HSM at
   secondary_entry with a1 = their struct hart. */
#include "kstack.h"
#include "hart.h"

    .section .text.entry
    .globl _entry
_entry:
    /* What booting costs is counted from here (entry.h): the first instruction's
       instret and time, kept in .data because .bss is cleared next. */
    rdinstret t0
    rdtime t1
    la t2, entry_instret
    sd t0, 0(t2)
    sd t1, 8(t2)
    /* Clear .bss: the C code assumes zeroed globals, and the loader may not. The harts'
       stacks are not in it (.stacks, linker.ld): nothing needs them zeroed. */
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:
    /* The boot hart is always index 0: its struct hart is harts[0], its stack the first. */
    la tp, harts
    la sp, hart_stacks
    li t0, KSTACK_SIZE
    add sp, sp, t0
    call kernel_main        /* lib/kernel/kernel.c; a0, a1 still hold the hart id and the tree */
3:  wfi
    j 3b

    .text
    .globl secondary_entry
secondary_entry:
    mv tp, a1
    ld sp, HART_STACK_TOP_OFFSET(tp)
    call secondary_main     /* a0 = hart id */
4:  wfi
    j 4b

    .data
    .balign 8
    .globl entry_instret, entry_ticks
entry_instret: .dword 0
entry_ticks:   .dword 0
