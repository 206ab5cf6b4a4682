/* SBI calling convention: a7 = extension id, a6 = function id, a0..a5 arguments,
   error in a0 and value in a1 on return (SBI spec v1.0, "Binary Encoding"). */
#include "sbi.h"

#define SBI_EXT_TIME 0x54494D45 /* "TIME" */
#define SBI_EXT_HSM  0x48534D   /* "HSM" */
#define SBI_EXT_IPI  0x735049   /* "sPI" */
#define SBI_EXT_SRST 0x53525354 /* "SRST" */

static struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0,
                              unsigned long a1, unsigned long a2)
{
    register unsigned long r0 __asm__("a0") = a0;
    register unsigned long r1 __asm__("a1") = a1;
    register unsigned long r2 __asm__("a2") = a2;
    register unsigned long r6 __asm__("a6") = fid;
    register unsigned long r7 __asm__("a7") = ext;
    __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
    return (struct sbiret){.error = (long)r0, .value = (long)r1};
}

/* The started hart enters start_addr in S-mode with a0 = its hart id, a1 = opaque,
   satp = 0 and interrupts off. */
long sbi_hart_start(unsigned long hart_id, unsigned long start_addr, unsigned long opaque)
{
    return sbi_call(SBI_EXT_HSM, 0, hart_id, start_addr, opaque).error;
}

/* Does not return on success: the calling hart goes back to the firmware's STOPPED state. */
long sbi_hart_stop(void)
{
    return sbi_call(SBI_EXT_HSM, 1, 0, 0, 0).error;
}

/* Returns an SBI_HSM_* state, or a negative SBI error. */
long sbi_hart_status(unsigned long hart_id)
{
    struct sbiret r = sbi_call(SBI_EXT_HSM, 2, hart_id, 0, 0);
    return r.error ? r.error : r.value;
}

/* Programs this hart's next timer interrupt and clears the pending one. */
long sbi_set_timer(unsigned long stime_value)
{
    return sbi_call(SBI_EXT_TIME, 0, stime_value, 0, 0).error;
}

/* Last resort for ending QEMU: OpenSBI 1.1 turns every reset reason into QEMU exit
   status 0, so this cannot report a failure (arch/riscv/machine.c uses QEMU's test device
   first). */
void sbi_system_reset_shutdown(void)
{
    sbi_call(SBI_EXT_SRST, 0, 0 /* shutdown */, 0 /* no reason */, 0);
}

/* A supervisor software interrupt to one hart: hart_mask bit 0 with hart_mask_base = id. */
long sbi_send_ipi(unsigned long hart_id)
{
    return sbi_call(SBI_EXT_IPI, 0, 1, hart_id, 0).error;
}
