/* Kernel entry points. OpenSBI jumps to _entry on the boot hart (a0 = hart id, a1 =
   device-tree address); the others are started later through SBI HSM at secondary_entry
   with a1 = their struct hart. But a secondary hart can arrive at _entry too: OpenSBI 1.1's
   hart_start marks a hart STARTING before it writes the hart's start address, and a hart
   polling in the firmware in between jumps to the address it held before, the kernel's
   entry (seen here: two harts in kernel_main, then "SBI hart_start ... failed with error
   -6"). So the first hart at _entry claims the boot; a later one must not clear .bss or
   boot again, and goes on as the secondary it is. */
#include "kstack.h"
#include "hart.h"

    .section .text.entry
    .globl _entry
_entry:
    la t0, boot_claimed
    li t1, 1
    amoswap.w.aq t1, t1, (t0)
    bnez t1, started_early
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

    /* A secondary hart that the firmware sent here: find its struct hart by hart id (a0).
       harts_start_others filled it in (id, stack) before asking the firmware to start it. */
started_early:
    la tp, harts
    li t0, KMEM_MAX_HARTS
5:  ld t1, 0(tp)            /* struct hart's first field: the hart id */
    beq t1, a0, 6f
    addi tp, tp, CACHE_LINE /* sizeof(struct hart), checked in lib/hart.c */
    addi t0, t0, -1
    bnez t0, 5b
7:  wfi                     /* not in the table: nothing it may run */
    j 7b
6:  mv a1, tp
    j secondary_entry

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
boot_claimed:  .word 0    /* in .data, not .bss: it must be 0 before anything runs */
    .balign 8
    .globl entry_instret, entry_ticks
entry_instret: .dword 0
entry_ticks:   .dword 0
