/* Page poisoning: freed pages are filled with one junk byte and allocated pages with
   another, as xv6 does, so that a use after free or a read of uninitialised memory shows
   up as a recognisable pattern instead of plausible data. KMEM_POISON=OFF (the release
   preset) skips it: it costs two 4 KiB writes per alloc/free pair. */
#ifndef KMEM_POISON_H
#define KMEM_POISON_H

#include "kalloc.h"
#include "string.h"

#define POISON_FREED     0x01
#define POISON_ALLOCATED 0x05

#ifndef KMEM_POISON
#define KMEM_POISON 1
#endif

static inline void poison_page(void *pa, int byte)
{
    if (KMEM_POISON)
        memset(pa, byte, PGSIZE);
}

#endif
