/* panic: print "panic: <message>" and the hart, then end the run with EXIT_PANIC.
   Powering the machine off also stops every other hart; until then the console is
   frozen for them, so the panic text is the last output. */
#include "panic.h"
#include "console.h"
#include "hart.h"
#include "intr.h"
#include "exit.h"
#include "printf.h"

/* The hart that panicked first; a second panicking hart stays silent. */
static struct hart *panicking;
static void (*last_words)(int status);
static int said; /* last words are said once, even if they panic themselves */

void panic_set_last_words(void (*fn)(int status))
{
    last_words = fn;
}

void panic_last_words(int status)
{
    if (last_words && !__atomic_exchange_n(&said, 1, __ATOMIC_ACQ_REL))
        last_words(status);
}

void panic(const char *fmt, ...)
{
    intr_off();
    struct hart *h = this_hart();
    struct hart *none = 0;
    if (!__atomic_compare_exchange_n(&panicking, &none, h, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        if (none == h) /* panicked while panicking: just stop */
            machine_exit(EXIT_PANIC);
        for (;;)
            cpu_relax();
    }
    console_begin_panic();

    va_list ap;
    va_start(ap, fmt);
    printf_unlocked("\npanic: ");
    vprintf_unlocked(fmt, ap);
    printf_unlocked(" [hart id %lu, index %d]\n", h->id, h->index);
    va_end(ap);

    panic_last_words(EXIT_PANIC);
    machine_exit(EXIT_PANIC);
}
