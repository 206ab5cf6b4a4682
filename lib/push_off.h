/* Nested interrupt disabling: push_off/pop_off pairs, as spinlocks use them. Inline: a
   kalloc+kfree pair runs two of each, and out of line each would cost a call, a return and
   the caller's register saves, more than its own half-dozen instructions. */
#ifndef KMEM_PUSH_OFF_H
#define KMEM_PUSH_OFF_H

#include "hart.h"
#include "intr.h"
#include "noreturn_call.h"

/* The interrupt-state checks (KMEM_CHECK_INTR): kmem's identity check and pop_off's first
   one below. A release build leaves them out; a hart that reads its identity or leaves a
   push_off section with interrupts on then goes unreported. */
#ifndef KMEM_CHECK_INTR
#define KMEM_CHECK_INTR 1
#endif

/* pop_off's checks failed: panics with `what` and where pop_off was. Reached through
   noreturn_call, so that the checks cost the fast path a branch each and no stack frame. */
void __attribute__((noreturn, cold)) pop_off_fault(const char *what);

/* Like intr_off, but nests: interrupts come back on only at the outermost pop_off, and only
   if they were on before the outermost push_off. A lock holder must keep interrupts off,
   or an interrupt handler on the same hart that takes the same lock would spin forever.
   Interrupts go off (one csrrc that also reads whether they were on) before the hart's
   state is touched, so no handler on this hart can see a half-updated noff. noff and
   intena are this hart's own: plain stores. */
static inline void push_off(void)
{
    int was_on = intr_off_was_on();
    struct hart *h = this_hart();
    if (__builtin_expect(h->noff++ == 0, 1)) /* the outermost call is the usual one */
        h->intena = was_on;
}

static inline void pop_off(void)
{
    struct hart *h = this_hart();
    if (KMEM_CHECK_INTR && intr_get())
        noreturn_call(pop_off_fault, "interrupts are on inside a push_off section");
    if (h->noff < 1)
        noreturn_call(pop_off_fault, "not inside push_off");
    if (--h->noff == 0 && h->intena)
        intr_on();
}

#endif
