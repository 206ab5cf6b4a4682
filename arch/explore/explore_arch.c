/* The explorer's side of the arch interface: per-hart state (the explorer points it at the
   hart it runs), a console that is the schedule's own, and a panic that ends the schedule
   instead of the process, so that one finding does not stop the search (lib/panic.c's
   once-per-boot state would). */
#include <stdarg.h>
#include <stdio.h>

#include "console.h"
#include "exit.h"
#include "explore_point.h"
#include "hart.h"
#include "panic.h"
#include "printf.h"

__thread struct hart *host_hart;
__thread int host_interrupts_on;

void console_init(void) {}

void console_set_uart(unsigned long uart_base)
{
    (void)uart_base;
}

void console_putc(int c)
{
    char s[2] = {(char)c, 0};
    explore_console(s);
}

void console_lock(void) {}
void console_unlock(void) {}
void console_begin_panic(void) {}

int vprintf_unlocked(const char *fmt, va_list ap)
{
    char line[512];
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    explore_console(line);
    return n;
}

/* lib/ and mm/ print with printf (libc's, on the host); here it is the schedule's console.
   The explorer itself writes to stdout with fputs and fprintf. */
int vprintf(const char *fmt, va_list ap)
{
    return vprintf_unlocked(fmt, ap);
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf_unlocked(fmt, ap);
    va_end(ap);
    return n;
}

void machine_exit(int status)
{
    explore_stop(status);
}

void panic_set_last_words(void (*fn)(int status))
{
    (void)fn;
}

void panic_last_words(int status)
{
    (void)status;
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf_unlocked("panic: ");
    vprintf_unlocked(fmt, ap);
    va_end(ap);
    struct hart *h = this_hart();
    printf_unlocked(" [hart index %d]\n", h ? h->index : -1);
    explore_stop(EXIT_PANIC);
}
