/* Fatal kernel errors: panic("function: what went wrong", ...) never returns. */
#ifndef KMEM_PANIC_H
#define KMEM_PANIC_H

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Last words: a function the client sets, run once by the hart that ends the run with a
   panic or the lock watchdog's report, after that report and before power-off, with the
   exit status the run is about to end with. Other harts are frozen out of the console: it
   prints with printf_unlocked. Lab mode prints its verdicts there, however the run ends. */
void panic_set_last_words(void (*fn)(int status));
void panic_last_words(int status);

#endif
