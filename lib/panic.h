/* Fatal kernel errors: panic("function: what went wrong", ...) never returns. */
#ifndef KMEM_PANIC_H
#define KMEM_PANIC_H

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
