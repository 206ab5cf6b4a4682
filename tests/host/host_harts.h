/* The host build's stand-in for booting: an aligned arena as RAM, threads as harts. */
#ifndef KMEM_HOST_HARTS_H
#define KMEM_HOST_HARTS_H

#include "hart.h"

/* Numbers `nharts` harts, makes the calling thread hart 0, and gives an arena of `pages`
   pages to kmem_init. Once per process. */
void host_boot(int nharts, unsigned long pages);
/* The same over an arena the caller gives (page-aligned; the explorer's lab target puts it
   where a lab file's `end` is). */
void host_boot_in(int nharts, void *arena, unsigned long pages);

/* The calling thread acts as hart `index` from now on (interrupts "off"). */
void host_become(int index);

/* Runs body(index, arg) on `n` new threads, each acting as hart 0..n-1, started together
   behind a barrier; returns when all have finished. */
void host_on_harts(int n, void (*body)(int index, void *arg), void *arg);

/* The arena: every page kmem manages lies in [host_ram_start(), host_ram_end()). */
unsigned long host_ram_start(void);
unsigned long host_ram_end(void);

/* Page number of a page in the arena, for per-page test bookkeeping. */
unsigned long host_page_index(const void *page);

/* Options are "--name number" pairs. host_options_check exits with usage (status 2) on a
   name not in `known` (0-terminated) or a value that is not a number. */
void host_options_check(int argc, char **argv, const char *const *known);
unsigned long host_option(int argc, char **argv, const char *name, unsigned long fallback);

/* Prints "<test> FAIL: ..." and exits 1. */
void host_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
