/* Which physical memory kmem may hand out, worked out from the machine's description. */
#ifndef KMEM_MEMMAP_H
#define KMEM_MEMMAP_H

#include "fdt.h"

#define MEMMAP_MAX_RANGES 32

/* RAM from image_end on, minus every reserved range, cut to whole pages. Fills out[]
   in address order and returns how many ranges; panics if there are more than max. */
int memmap_usable(const struct machine_info *machine, unsigned long image_end, struct range *out,
                  int max);

#endif
