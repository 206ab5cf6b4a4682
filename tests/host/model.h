/* A sequential reference model of the allocator: the set of free pages. Operations go to
   the real allocator on a chosen hart and to the model, and after every one the two must
   agree: same free count, the per-hart lists adding up to it, a kalloc result that the
   model holds free, and 0 from kalloc only when the model has no free page. */
#ifndef KMEM_MODEL_H
#define KMEM_MODEL_H

/* Starts the model afresh for the allocator host_boot just set up: every page of the arena
   but kmem's bitmap free, none handed out. Call after each host_boot. */
void model_init(int nharts);

/* One operation, interpreted from two numbers (a fuzzer byte, a random draw):
   op % 8: 0-3 kalloc, 4-5 kfree one of this hart's pages, 6 hand one to another hart
   which frees it, 7 take every page then give them back. `pick` chooses among pages/harts.
   Aborts with a message on any disagreement. */
void model_step(int hart, unsigned int op, unsigned long pick);

/* Frees every page the model's harts hold and checks the allocator is whole again. */
void model_release_all(void);

unsigned long model_free_pages(void);
unsigned long model_universe(void);

#endif
