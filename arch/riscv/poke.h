/* Waking an idle hart: a hart with nothing to do sleeps in wfi and another hart pokes it
   with an inter-processor interrupt. Under QEMU a spinning hart takes host CPU time from
   the harts that work; a sleeping one does not. */
#ifndef KMEM_POKE_H
#define KMEM_POKE_H

#include "hart.h"

/* The protocol, and why no poke is lost. The waiter, with interrupts off:
     poke_enable(); for (;;) { poke_clear(); if (condition) break; poke_wait(); }
   The waker makes the condition true (a store-release), then pokes. The poke sets
   sip.SSIP on the waiter. If that happens after the waiter's poke_clear, the bit stays
   pending (nothing else clears it while interrupts are off) and wfi returns at once. If it
   happens before, the waker's store came before its poke, so the waiter's check after
   poke_clear sees the condition true; this relies on the SBI firmware raising the IPI only
   after the caller's earlier stores are visible, as every SBI IPI user (Linux too) does.
   An earlier kmem had a 10 ms timer under every wfi "should a poke be lost". Measured with
   it in 7 runs (59,207 idle wakeups), no hart ever woke by the timer to find its condition
   true without its poke arriving later, so it was removed. */

/* This hart wakes from poke_wait when poked (enables the software interrupt in sie; with
   sstatus.SIE off the poke wakes wfi without taking a trap). */
void poke_enable(void);

/* Forget a poke already received. Clear first, then check the condition, then poke_wait. */
void poke_clear(void);

/* Sleep until poked (or woken by another enabled interrupt: the caller re-checks its
   condition either way). Interrupts must be off (sstatus.SIE). */
void poke_wait(void);

/* Poke another hart (SBI IPI). */
void poke(const struct hart *h);

#endif
