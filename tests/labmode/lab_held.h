/* Which pages the lab file has handed out (lab_held.c): a page kalloc returns while it is
   still out is a page handed out twice, and the run stops there. */
#ifndef KMEM_LAB_HELD_H
#define KMEM_LAB_HELD_H

/* Takes one bit per page of [base, top) from the top of that range, before the file sees
   it; returns the new top (the file's PHYSTOP). */
unsigned long lab_held_carve(unsigned long base, unsigned long top);

/* kalloc returned pa (0 is not a page): marks it out; a page already out ends the run
   (lab_handed_out_twice, lab_checks.h). */
void lab_held_take(void *pa);

/* kfree is given pa, before the file has it: no longer out. */
void lab_held_give(void *pa);

#endif
