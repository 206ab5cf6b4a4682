/* Dispatch of supervisor traps: timer interrupts go to the registered handler, anything
   else is a kernel bug and panics with the cause and where it happened. */
#include "trap.h"
#include "csr.h"
#include "hart.h"
#include "panic.h"

_Static_assert(sizeof(struct trap_frame) == 36 * 8, "trap_vector.S assumes a 36-slot frame");

extern char trap_vector[];

static void (*timer_handler)(void);

void trap_init_hart(void)
{
    csr_write(stvec, (unsigned long)trap_vector); /* direct mode: low bits 0 */
}

void (*trap_set_timer_handler(void (*handler)(void)))(void)
{
    return __atomic_exchange_n(&timer_handler, handler, __ATOMIC_ACQ_REL);
}

static const char *exception_name(unsigned long code)
{
    static const char *const names[] = {
        "instruction address misaligned",
        "instruction access fault",
        "illegal instruction",
        "breakpoint",
        "load address misaligned",
        "load access fault",
        "store address misaligned",
        "store access fault",
        "ecall from U-mode",
        "ecall from S-mode",
        "reserved",
        "reserved",
        "instruction page fault",
        "load page fault",
        "reserved",
        "store page fault",
    };
    return code < sizeof(names) / sizeof(names[0]) ? names[code] : "unknown";
}

static struct trap_frame *fatal_frame;

const struct trap_frame *trap_fatal_frame(void)
{
    return __atomic_load_n(&fatal_frame, __ATOMIC_ACQUIRE);
}

void kernel_trap(struct trap_frame *frame)
{
    unsigned long cause = frame->scause;

    if (cause == (SCAUSE_INTERRUPT | SCAUSE_S_TIMER)) {
        void (*handler)(void) = __atomic_load_n(&timer_handler, __ATOMIC_ACQUIRE);
        if (handler == 0)
            panic("kernel_trap: timer interrupt with no handler");
        handler();
        return;
    }
    if (cause == (SCAUSE_INTERRUPT | SCAUSE_S_SOFT)) {
        /* A poke (poke.h) that arrived while interrupts were on: its only job is waking
           wfi, which is done. */
        csr_clear(sip, SIP_SSIP);
        return;
    }
    __atomic_store_n(&fatal_frame, frame, __ATOMIC_RELEASE);
    if (cause & SCAUSE_INTERRUPT)
        panic("kernel_trap: unexpected interrupt scause=%p sepc=%p stval=%p", (void *)cause,
              (void *)frame->sepc, (void *)frame->stval);
    panic("kernel_trap: %s scause=%p sepc=%p stval=%p ra=%p sp=%p", exception_name(cause),
          (void *)cause, (void *)frame->sepc, (void *)frame->stval, (void *)frame->x[0],
          (void *)frame->x[1]);
}
