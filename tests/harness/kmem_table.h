/* The per-hart picture of the allocator: a table with a bar per hart. */
#ifndef KMEM_TABLE_H
#define KMEM_TABLE_H

void kmem_table_print(const char *title);

/* Steals by all harts so far (0 under the shared policy), for before/after deltas. */
unsigned long kmem_steals_total(void);

#endif
