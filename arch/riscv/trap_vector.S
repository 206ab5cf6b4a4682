/* The supervisor trap vector. Kernel code is the only thing that runs, so a trap always
   arrives on a valid kernel stack: push every register, call kernel_trap(frame), pop, sret.
   The layout must match struct trap_frame in trap.h. */
#define FRAME_SIZE (36 * 8)

    .text
    .globl trap_vector
    .balign 4               /* stvec direct mode needs a 4-byte aligned base */
trap_vector:
    addi sp, sp, -FRAME_SIZE
    /* x1..x31 at slots 0..30; the slot for sp holds the value before this frame. */
    sd x1, 0*8(sp)
    sd x3, 2*8(sp)
    sd x4, 3*8(sp)
    sd x5, 4*8(sp)
    sd x6, 5*8(sp)
    sd x7, 6*8(sp)
    sd x8, 7*8(sp)
    sd x9, 8*8(sp)
    sd x10, 9*8(sp)
    sd x11, 10*8(sp)
    sd x12, 11*8(sp)
    sd x13, 12*8(sp)
    sd x14, 13*8(sp)
    sd x15, 14*8(sp)
    sd x16, 15*8(sp)
    sd x17, 16*8(sp)
    sd x18, 17*8(sp)
    sd x19, 18*8(sp)
    sd x20, 19*8(sp)
    sd x21, 20*8(sp)
    sd x22, 21*8(sp)
    sd x23, 22*8(sp)
    sd x24, 23*8(sp)
    sd x25, 24*8(sp)
    sd x26, 25*8(sp)
    sd x27, 26*8(sp)
    sd x28, 27*8(sp)
    sd x29, 28*8(sp)
    sd x30, 29*8(sp)
    sd x31, 30*8(sp)
    addi t0, sp, FRAME_SIZE
    sd t0, 1*8(sp)
    /* sepc and sstatus are saved so that a handler may itself trap and still return. */
    csrr t0, sepc
    sd t0, 31*8(sp)
    csrr t0, sstatus
    sd t0, 32*8(sp)
    csrr t0, scause
    sd t0, 33*8(sp)
    csrr t0, stval
    sd t0, 34*8(sp)

    mv a0, sp
    call kernel_trap

    ld t0, 31*8(sp)
    csrw sepc, t0
    ld t0, 32*8(sp)
    csrw sstatus, t0
    ld x1, 0*8(sp)
    ld x3, 2*8(sp)
    /* x4 (tp) is not restored: it names this hart and never changes. */
    ld x5, 4*8(sp)
    ld x6, 5*8(sp)
    ld x7, 6*8(sp)
    ld x8, 7*8(sp)
    ld x9, 8*8(sp)
    ld x10, 9*8(sp)
    ld x11, 10*8(sp)
    ld x12, 11*8(sp)
    ld x13, 12*8(sp)
    ld x14, 13*8(sp)
    ld x15, 14*8(sp)
    ld x16, 15*8(sp)
    ld x17, 16*8(sp)
    ld x18, 17*8(sp)
    ld x19, 18*8(sp)
    ld x20, 19*8(sp)
    ld x21, 20*8(sp)
    ld x22, 21*8(sp)
    ld x23, 22*8(sp)
    ld x24, 23*8(sp)
    ld x25, 24*8(sp)
    ld x26, 25*8(sp)
    ld x27, 26*8(sp)
    ld x28, 27*8(sp)
    ld x29, 28*8(sp)
    ld x30, 29*8(sp)
    ld x31, 30*8(sp)
    addi sp, sp, FRAME_SIZE
    sret
