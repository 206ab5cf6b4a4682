/* The boot hart's path from entry.S to the kernel's client: machine, kmem, harts, client. */
#include "kernel.h"
#include "clock.h"
#include "console.h"
#include "entry.h"
#include "fdt.h"
#include "hart.h"
#include "hart_start.h"
#include "kalloc.h"
#include "machine.h"
#include "on_harts.h"
#include "panic.h"
#include "printf.h"
#include "string.h"
#include "trap.h"

extern char kernel_start[], kernel_end[];
extern const struct kernel_client __client_start[], __client_end[];

static struct machine_info machine;
static struct kernel_boot_cost cost;

/* The command line, copied out of the device tree: after kmem_init the tree's memory may
   be handed out (lab mode gives freerange() all RAM above the kernel). */
static char bootargs[512];

static const char *copy_bootargs(const char *from)
{
    if (strlen(from) >= sizeof(bootargs))
        return from; /* the client's parser reports it as too long */
    memcpy(bootargs, from, strlen(from) + 1);
    return bootargs;
}

const struct machine_info *kernel_machine(void)
{
    return &machine;
}

struct kernel_boot_cost kernel_boot_cost(void)
{
    return cost;
}

/* Exactly one client: none would leave the harts idle for ever, two would be ambiguous. */
static const struct kernel_client *the_client(void)
{
    long n = __client_end - __client_start;
    if (n != 1)
        panic("kernel_main: %ld clients linked in (KERNEL_CLIENT), need exactly one", n);
    return __client_start;
}

void kernel_main(unsigned long hart_id, const void *dtb)
{
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
    const struct kernel_client *client = the_client();
    printf("kmem: %d harts, boot hart id %lu, kernel %p-%p, %s allocator\n", hart_count(), hart_id,
           kernel_start, kernel_end, kmem_policy.name);
    kmem_init(&machine, (unsigned long)kernel_end); // every free page onto the lists
    harts_start_others(on_harts_worker);            // SBI HSM; each idles until given work
    cost = (struct kernel_boot_cost){rdinstret() - entry_instret, clock_ticks() - entry_ticks};
    client->main(machine.bootargs); // ends the run (machine_exit)
}
