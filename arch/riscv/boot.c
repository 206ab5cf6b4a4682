/* The boot hart's path from entry.S to the test harness. */
#include "boot.h"
#include "clock.h"
#include "console.h"
#include "fdt.h"
#include "hart.h"
#include "hart_start.h"
#include "harness.h"
#include "kalloc.h"
#include "machine.h"
#include "on_harts.h"
#include "printf.h"
#include "string.h"
#include "trap.h"

extern char kernel_start[], kernel_end[];

static struct machine_info machine;
static struct boot_cost cost;

/* The command line, copied out of the device tree: after kmem_init the tree's memory may
   be handed out (lab mode gives freerange() all RAM above the kernel). */
static char bootargs[512];

static const char *copy_bootargs(const char *from)
{
    if (strlen(from) >= sizeof(bootargs))
        return from; /* cmdline_parse reports it as too long */
    memcpy(bootargs, from, strlen(from) + 1);
    return bootargs;
}

const struct machine_info *boot_machine(void)
{
    return &machine;
}

struct boot_cost boot_cost(void)
{
    return cost;
}

/* Runs on the boot hart only, with interrupts off, tp = &harts[0] and sp on its stack. */
void boot_main(unsigned long hart_id, const void *dtb)
{
    struct boot_cost start = {rdinstret(), clock_ticks()};
    harts[0].id = hart_id;
    harts[0].online = 1;
    console_init();          // UART at QEMU virt's address until the tree is read
    trap_init_hart();        // from here a fault panics with its cause
    fdt_read(dtb, &machine); // RAM, harts, timer, devices, bootargs
    machine.bootargs = copy_bootargs(machine.bootargs); // nothing reads the tree later
    console_set_uart(machine.uart_base);                // the UART the tree names
    machine_set_test_device(machine.test_device);       // how the run reports its status
    clock_init(machine.timebase_hz);
    hart_table_init(hart_id, machine.hart_ids, machine.nharts);
    printf("kmem: %d harts, boot hart id %lu, kernel %p-%p, %s allocator\n", hart_count(), hart_id,
           kernel_start, kernel_end, kmem_policy_name());
    kmem_init(&machine, (unsigned long)kernel_end); // every free page onto the lists
    harts_start_others(on_harts_worker);            // SBI HSM; each waits for work
    cost = (struct boot_cost){rdinstret() - start.instructions, clock_ticks() - start.ticks};
    harness_main(machine.bootargs); // runs the suites and powers off
}
