/* What each allocation policy (kmem_perhart.c, kmem_shared.c) provides to kmem_init.c,
   besides its kmem_policy descriptor (kalloc.h). Exactly one policy is linked into a
   kernel. */
#ifndef KMEM_POLICY_H
#define KMEM_POLICY_H

#include "fdt.h"

/* Set up the lists for nharts harts. Boot hart, before any other hart runs. */
void policy_init(int nharts);

/* Boot only, no locking: the never-used pages [start, end) start out free on hart
   `index`'s list. */
void policy_seed(int index, struct range pages);

#endif
