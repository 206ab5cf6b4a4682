/* The console: a 16550 UART shared by all harts, one whole printf call at a time. */
#ifndef KMEM_CONSOLE_H
#define KMEM_CONSOLE_H

void console_init(void);                        /* once, first thing at boot */
void console_set_uart(unsigned long uart_base); /* the UART the device tree names */
void console_putc(int c); /* caller holds the console (console_lock) or is panicking */
void console_lock(void);
void console_unlock(void);
void console_begin_panic(void); /* prints after this go out unlocked */

#endif
