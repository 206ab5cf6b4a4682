/* 16550 UART output. SBI 1.0 has no debug console and the legacy putchar call traps into
   the firmware for every byte, so the kernel drives the UART itself. Writes from several
   harts interleave byte by byte, so a spinlock makes each printf call atomic. */
#include "console.h"
#include "spinlock.h"
#include "intr.h"

#define UART_THR 0        /* transmit holding register */
#define UART_LSR 5        /* line status register */
#define LSR_THRE (1 << 5) /* THR empty: the next byte may be written */

/* QEMU virt's UART, used until the device tree has been read. */
static volatile unsigned char *uart = (volatile unsigned char *)0x10000000UL;

/* Protects the UART: held for a whole printf call so that lines never interleave. */
static struct spinlock console_spin;

/* Set by the panicking hart: from then on no other hart prints, and the panic path
   writes without the lock, which the panicking hart may already hold. */
static int frozen;

void console_init(void)
{
    initlock(&console_spin, "console");
}

void console_set_uart(unsigned long uart_base)
{
    if (uart_base)
        uart = (volatile unsigned char *)uart_base;
}

/* Lines end in LF alone, so captured output matches anchored patterns ("^test1 OK$") as
   the lab's grader writes them; on a terminal, QEMU's stdio keeps the host's output
   processing on, which adds the CR. */
static int mid_line; /* the last character out was not a newline (a progress dot, say) */

void console_putc(int c)
{
    while ((uart[UART_LSR] & LSR_THRE) == 0)
        cpu_relax();
    uart[UART_THR] = (unsigned char)c;
    mid_line = c != '\n';
}

static void freeze_others(void)
{
    __atomic_store_n(&frozen, 1, __ATOMIC_SEQ_CST);
}

void console_lock(void)
{
    /* A hart that prints after another hart panicked stops here for good, as xv6 does,
       so the panic message is the last thing on the console. */
    if (__atomic_load_n(&frozen, __ATOMIC_ACQUIRE)) {
        intr_off();
        for (;;)
            cpu_relax();
    }
    acquire(&console_spin);
}

void console_unlock(void)
{
    release(&console_spin);
}

/* The panic path: stop everyone else from starting a line, then give the hart that is in
   the middle of one a moment to finish it, unless that hart is us; then end a line left
   unfinished. */
void console_begin_panic(void)
{
    freeze_others();
    for (long spins = 0; !holding(&console_spin) && spins < 10000000; spins++) {
        if (__atomic_load_n(&console_spin.locked, __ATOMIC_ACQUIRE) == 0)
            break;
        cpu_relax();
    }
    /* The report starts a line of its own, even after a suite's progress dots, so that
       its first line reads (and matches) as written. */
    if (mid_line)
        console_putc('\n');
}
