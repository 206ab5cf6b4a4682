/* Rewriting kernel code at boot: a function's first instruction becomes a jump to another
   function with the same signature, so a choice made once (the boot option trace) costs
   the calls that never take it nothing, not even a test of a flag (Linux's static calls
   and ftrace do the same). */
#ifndef KMEM_TEXT_PATCH_H
#define KMEM_TEXT_PATCH_H

/* Every later call of `from` runs `to`. Boot hart, while no other hart can be running
   `from`; each other hart must then run text_sync before it next calls it. Panics if `to`
   is beyond a jump's reach (1 MiB). */
void text_redirect(void *from, const void *to);

/* This hart fetches the rewritten code from now on (fence.i). */
void text_sync(void);

#endif
