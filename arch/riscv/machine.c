/* Powering QEMU off with an exit status.

   Under Debian's QEMU 7.2 with OpenSBI 1.1 the only way that carries a status out is the
   virt machine's "sifive,test0" device (at 0x100000, as the device tree says): writing
   (status << 16) | 0x3333 ends QEMU with that exit status, 0x5555 ends it with 0. OpenSBI
   leaves the device writable from S-mode. The SBI system-reset call also powers off, but
   OpenSBI maps every reason, "system failure" included, to QEMU status 0; it is used only
   when the device tree names no test device. */
#include "machine.h"
#include "sbi.h"

#define TEST_PASS 0x5555
#define TEST_FAIL 0x3333

/* QEMU virt's address, used until the device tree has been read (a panic while reading
   it must still fail the run); 0 if the tree names no test device. */
static volatile unsigned int *test_device = (volatile unsigned int *)0x100000UL;

void machine_set_test_device(unsigned long base)
{
    test_device = (volatile unsigned int *)base;
}

void machine_exit(int status)
{
    if (test_device)
        *test_device = status == 0 ? TEST_PASS : ((unsigned int)status << 16) | TEST_FAIL;
    sbi_system_reset_shutdown();
    for (;;)
        __asm__ volatile("wfi");
}
