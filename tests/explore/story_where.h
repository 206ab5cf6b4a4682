/* Addresses named from the explorer binary's own symbols and debug information: code as
   the chain of functions and source lines (inlined ones included), data as symbol+field.
   For stories only: it runs addr2line and nm, once per story. */
#ifndef KMEM_EXPLORE_STORY_WHERE_H
#define KMEM_EXPLORE_STORY_WHERE_H

#include <stddef.h>

/* Return addresses (innermost first) that where_code will be asked about. */
void where_want(void *const *frames, int n);
/* Looks up every address wanted so far. */
void where_resolve(void);
/* The allocator's part of a backtrace: "func (file:line) < caller (file:line) < ...". */
void where_code(void *const *frames, int n, char *out, size_t size);
/* A data address as "symbol" or "symbol+offset" (a few known fields by name). */
void where_data(const void *addr, char *out, size_t size);
/* The same, as an element of an array of nelem ("kmem[1]+8"), when the symbol's size
   divides so; else as where_data. */
void where_element(const void *addr, int nelem, char *out, size_t size);

#endif
