/* The kernel layer: the boot sequence after arch's entry, and the one client the kernel
   hands the machine to once every hart is up (kmem's client is the test harness). */
#ifndef KMEM_KERNEL_H
#define KMEM_KERNEL_H

#include "fdt.h"

/* entry.S jumps here on the boot hart with interrupts off, tp = &harts[0] and sp on its
   stack. Sets up the machine, kmem and the other harts, then runs the client. */
void kernel_main(unsigned long hart_id, const void *dtb) __attribute__((noreturn));

/* The program the kernel runs once all harts idle in on_harts_worker: it gets the kernel
   command line and must end the run itself (machine_exit). Exactly one is linked in. */
struct kernel_client {
    void (*main)(const char *bootargs) __attribute__((noreturn));
};

/* Registers the client: places it in the kmem_client section, which linker.ld collects. */
#define KERNEL_CLIENT(ident, ...)                                                                  \
    static const struct kernel_client client_##ident                                               \
        __attribute__((used, section("kmem_client"), aligned(8))) = {__VA_ARGS__}

/* What the boot hart learned about the machine (valid once the client runs). */
const struct machine_info *kernel_machine(void);

/* What booting cost, from the kernel's first instruction (entry.S, the clearing of .bss
   included) to the start of the client: retired instructions (exact only under QEMU
   -icount) and timer ticks. */
struct kernel_boot_cost {
    unsigned long instructions;
    unsigned long ticks;
};
struct kernel_boot_cost kernel_boot_cost(void);

#endif
