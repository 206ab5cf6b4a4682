/* Waking an idle hart: a hart with nothing to do sleeps in wfi and another hart pokes it
   with an inter-processor interrupt. Under QEMU a spinning hart takes host CPU time from
   the harts that work; a sleeping one does not. */
#ifndef KMEM_POKE_H
#define KMEM_POKE_H

#include "hart.h"

/* This hart wakes from poke_wait when poked (enables the software interrupt in sie; with
   sstatus.SIE off the poke wakes wfi without taking a trap). */
void poke_enable(void);

/* Forget a poke already received. Clear first, then check for work, then poke_wait: a poke
   sent after the check is still pending, so the wait returns at once. */
void poke_clear(void);

/* Sleep until poked, or at most about 10 ms (a backstop against a lost poke); the caller
   re-checks what it waits for either way. Interrupts must be off (sstatus.SIE). */
void poke_wait(void);

/* Poke another hart (SBI IPI). */
void poke(const struct hart *h);

#endif
