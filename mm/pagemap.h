/* Which pages kmem manages and which of them are free now: one bit per page, so that
   kfree can refuse an address it never handed out and catch a double free. */
#ifndef KMEM_PAGEMAP_H
#define KMEM_PAGEMAP_H

#include "fdt.h"

/* Takes the usable ranges; carves the bitmap itself out of the start of the first range
   that can hold it (shrinking that range), and records the bounds kfree checks against.
   image_end and ram_end only make kfree's messages precise. */
void pagemap_init(struct range *usable, int n, unsigned long image_end, unsigned long ram_end);

/* Boot only: every managed page is free from the start. */
void pagemap_seed_all_free(void);

/* kfree's checks. check_address panics with "kfree: <what>" for an address kmem does not
   hand out; note_free marks the page free, and panics on a double free. */
void pagemap_check_address(unsigned long pa);
void pagemap_note_free(unsigned long pa);

/* kalloc's check: marks the page in use; panics if it was not free, which means a free
   list is corrupted (a page reached a list twice, or a freed page was written to). */
void pagemap_note_alloc(unsigned long pa);

#endif
