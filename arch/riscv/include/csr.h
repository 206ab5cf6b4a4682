/* Control and status register access for S-mode, and the bits kmem uses. */
#ifndef KMEM_CSR_H
#define KMEM_CSR_H

#define SSTATUS_SIE (1UL << 1) /* supervisor interrupts enabled */
#define SIE_SSIE    (1UL << 1) /* supervisor software interrupt enable */
#define SIE_STIE    (1UL << 5) /* supervisor timer interrupt enable */
#define SIP_SSIP    (1UL << 1) /* supervisor software interrupt pending */

#define SCAUSE_INTERRUPT (1UL << 63)
#define SCAUSE_S_SOFT    1UL
#define SCAUSE_S_TIMER   5UL

/* The CSR name is pasted into the instruction, so these must be macros. */
#define csr_read(csr)                                                                              \
    ({                                                                                             \
        unsigned long __v;                                                                         \
        __asm__ volatile("csrr %0, " #csr : "=r"(__v));                                            \
        __v;                                                                                       \
    })
/* Writes carry a "memory" clobber: turning interrupts off or on must stay where it is
   written relative to the loads and stores around it (push_off's promise), and without the
   clobber the compiler may move memory accesses across an asm that does not name them. */
#define csr_write(csr, val)  __asm__ volatile("csrw " #csr ", %0" ::"rK"(val) : "memory")
#define csr_set(csr, bits)   __asm__ volatile("csrs " #csr ", %0" ::"rK"(bits) : "memory")
#define csr_clear(csr, bits) __asm__ volatile("csrc " #csr ", %0" ::"rK"(bits) : "memory")
/* Clears bits and returns the old value, in one instruction. */
#define csr_read_clear(csr, bits)                                                                  \
    ({                                                                                             \
        unsigned long __v;                                                                         \
        __asm__ volatile("csrrc %0, " #csr ", %1" : "=r"(__v) : "rK"(bits) : "memory");            \
        __v;                                                                                       \
    })

/* rdtime traps to OpenSBI on QEMU virt when the time CSR is not implemented;
   QEMU 7.2 implements it, so this is a plain read of the platform timer. */
static inline unsigned long rdtime(void)
{
    unsigned long t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

static inline unsigned long rdinstret(void)
{
    unsigned long n;
    __asm__ volatile("rdinstret %0" : "=r"(n));
    return n;
}

#endif
