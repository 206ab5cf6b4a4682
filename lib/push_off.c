/* push_off/pop_off are like intr_off/intr_on but nest: interrupts come back on only at the
   outermost pop_off, and only if they were on before the outermost push_off. A lock holder
   must keep interrupts off, or an interrupt handler on the same hart that takes the same
   lock would spin forever. */
#include "push_off.h"
#include "hart.h"
#include "intr.h"
#include "panic.h"

void push_off(void)
{
    int was_on = intr_get();

    /* Interrupts go off before the hart's state is touched, so no handler on this hart
       can see a half-updated noff. */
    intr_off();
    struct hart *h = this_hart();
    if (h->noff == 0)
        h->intena = was_on;
    h->noff++;
}

void pop_off(void)
{
    struct hart *h = this_hart();

    if (intr_get())
        panic("pop_off: interrupts are on inside a push_off section");
    if (h->noff < 1)
        panic("pop_off: not inside push_off");
    h->noff--;
    if (h->noff == 0 && h->intena)
        intr_on();
}
