/* The host build's side of the arch interface: per-thread hart and interrupt state, a
   console on stdout, and an exit that ends the process with the run's status. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "console.h"
#include "exit.h"
#include "hart.h"
#include "printf.h"

__thread struct hart *host_hart;
__thread int host_interrupts_on;

static pthread_mutex_t console_mutex = PTHREAD_MUTEX_INITIALIZER;

void console_init(void) {}

void console_set_uart(unsigned long uart_base)
{
    (void)uart_base;
}

void console_putc(int c)
{
    putchar(c);
}

void console_lock(void)
{
    pthread_mutex_lock(&console_mutex);
}

void console_unlock(void)
{
    pthread_mutex_unlock(&console_mutex);
}

void console_begin_panic(void)
{
    fflush(stdout);
}

int vprintf_unlocked(const char *fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

void machine_exit(int status)
{
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}
