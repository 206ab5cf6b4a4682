/* Pokes are supervisor software interrupts, sent through the SBI IPI extension. */
#include "poke.h"
#include "clock.h"
#include "csr.h"
#include "sbi.h"

void poke_enable(void)
{
    csr_set(sie, SIE_SSIE);
}

void poke_clear(void)
{
    csr_clear(sip, SIP_SSIP);
}

/* Should a poke ever be lost, a timer 10 ms out wakes the hart anyway and the caller looks
   at its condition again (a full ctest run under load once left a worker asleep with work
   posted). The timer interrupt is only enabled for the wfi: with sstatus.SIE off it wakes
   the hart without a trap, and a pending one left behind is harmless while sie.STIE is
   off; the next timer_arm or poke_wait reprograms the timer. */
#define BACKSTOP_MS 10

void poke_wait(void)
{
    sbi_set_timer(clock_ticks() + clock_ms_to_ticks(BACKSTOP_MS));
    csr_set(sie, SIE_STIE);
    __asm__ volatile("wfi");
    csr_clear(sie, SIE_STIE);
}

void poke(const struct hart *h)
{
    sbi_send_ipi(h->id);
}
