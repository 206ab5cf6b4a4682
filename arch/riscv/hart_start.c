/* Secondary harts: OpenSBI keeps every hart but the boot hart in the HSM STOPPED state,
   and starts one at our secondary_entry (entry.S) when asked, with a1 = its struct hart. */
#include "hart_start.h"
#include "clock.h"
#include "intr.h"
#include "kstack.h"
#include "panic.h"
#include "sbi.h"
#include "timer.h"
#include "trap.h"

/* One stack per hart index; entry.S gives index 0's to the boot hart. In .stacks, which
   entry.S does not clear: at 128 harts they are 2 MiB, 90% of what .bss would be. */
char hart_stacks[KMEM_MAX_HARTS][KSTACK_SIZE] __attribute__((aligned(16), section(".stacks")));

int hart_stack_contains(const void *p)
{
    const char *c = p, *lo = (const char *)hart_stacks;
    return c >= lo && c < lo + sizeof(hart_stacks);
}

extern char secondary_entry[], _entry[];
static void (*idle_fn)(void);

int hart_wait_online(struct hart *h, int online, unsigned long ms)
{
    unsigned long deadline = clock_ticks() + clock_ms_to_ticks(ms);
    while (__atomic_load_n(&h->online, __ATOMIC_ACQUIRE) != online) {
        if (clock_ticks() > deadline)
            return 0;
        cpu_relax();
    }
    return 1;
}

/* Starts h at `entry` on a fresh stack, with a1 = `opaque`. */
static long start_at(struct hart *h, char *entry, unsigned long opaque)
{
    h->stack_top = (uintptr_t)hart_stacks[h->index] + KSTACK_SIZE;
    h->noff = 0;
    h->intena = 0;
    return sbi_hart_start(h->id, (unsigned long)entry, opaque);
}

/* A hart that just cleared `online` may not have reached the firmware's STOPPED state yet;
   starting it before then fails with "already available". Under a loaded host a vCPU can
   wait seconds for its turn, so wait as long as for `online`, then try anyway and let the
   caller report the firmware's answer. */
static void wait_stopped(struct hart *h)
{
    unsigned long deadline = clock_ticks() + clock_ms_to_ticks(30000);
    while (sbi_hart_status(h->id) != SBI_HSM_STOPPED && clock_ticks() < deadline)
        cpu_relax();
}

long hart_restart(struct hart *h)
{
    wait_stopped(h);
    return start_at(h, secondary_entry, (unsigned long)h);
}

long hart_restart_at_kernel_entry(struct hart *h)
{
    /* As the firmware's race does it: the boot hart's entry. a1 would be the device tree;
       any value will do, the hart must not use it. */
    wait_stopped(h);
    return start_at(h, _entry, 0);
}

void harts_start_others(void (*idle)(void))
{
    idle_fn = idle;
    for (int i = 1; i < hart_count(); i++) {
        struct hart *h = hart_by_index(i);
        /* No wait for STOPPED first, unlike hart_restart: at boot, waiting for the state to
           read STOPPED once took over 5 s on a loaded host and failed the run, while
           starting the harts directly has never failed. */
        long err = start_at(h, secondary_entry, (unsigned long)h);
        if (err)
            panic("harts_start_others: SBI hart_start of hart id %lu failed with error %ld", h->id,
                  err);
    }
    /* Harts boot one after another under emulation; 64 of them take a few seconds. */
    for (int i = 1; i < hart_count(); i++) {
        struct hart *h = hart_by_index(i);
        if (!hart_wait_online(h, 1, 30000))
            panic("harts_start_others: hart id %lu (index %d) did not come up in 30 s", h->id, i);
    }
}

/* First C code on a secondary hart; tp and sp are set. */
void secondary_main(unsigned long hart_id)
{
    struct hart *h = this_hart();
    if (hart_id != h->id)
        panic("secondary_main: started as hart id %lu but given the struct of hart id %lu", hart_id,
              h->id);
    trap_init_hart();
    __atomic_store_n(&h->online, 1, __ATOMIC_RELEASE);
    idle_fn();
    panic("secondary_main: the idle loop returned");
}

long hart_stop_self(void)
{
    struct hart *h = this_hart();
    intr_off();
    timer_disarm(); /* a stopped hart must not come back with a timer pending */
    if (h->noff != 0)
        panic("hart_stop_self: stopping inside push_off (depth %d)", h->noff);
    __atomic_store_n(&h->online, 0, __ATOMIC_RELEASE);
    long err = sbi_hart_stop();
    __atomic_store_n(&h->online, 1, __ATOMIC_RELEASE);
    return err;
}
