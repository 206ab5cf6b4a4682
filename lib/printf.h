/* Formatted output: printf to the console (one call = one uninterrupted piece of output)
   and snprintf into a buffer. Conversions: %d %i %u %x %X %p %s %c %%, with l/ll/z, a
   field width, '0' padding and '-' left alignment. */
#ifndef KMEM_PRINTF_H
#define KMEM_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* printf without taking the console lock, for the panic path only (after
   console_begin_panic, printf would stop the calling hart for good). */
int vprintf_unlocked(const char *fmt, va_list ap);

static inline int printf_unlocked(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int printf_unlocked(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf_unlocked(fmt, ap);
    va_end(ap);
    return n;
}

#endif
