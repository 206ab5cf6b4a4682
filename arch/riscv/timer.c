/* Timer interrupts: OpenSBI programs the hart's mtimecmp (or stimecmp with Sstc) on our
   behalf; sie.STIE lets the interrupt reach S-mode. */
#include "timer.h"
#include "clock.h"
#include "sbi.h"

void timer_arm(unsigned long ticks)
{
    sbi_set_timer(clock_ticks() + ticks);
    csr_set(sie, SIE_STIE);
}

void timer_disarm(void)
{
    csr_clear(sie, SIE_STIE);
    sbi_set_timer(~0UL); /* also clears a pending timer interrupt */
}
