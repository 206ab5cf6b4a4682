/* Pokes are supervisor software interrupts, sent through the SBI IPI extension. */
#include "poke.h"
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

/* wfi wakes when an interrupt enabled in sie is pending, whatever sstatus.SIE says (the
   privileged spec's WFI); with SIE off no trap is taken, so the pending bit stays set until
   poke_clear. */
void poke_wait(void)
{
    __asm__ volatile("wfi");
}

void poke(const struct hart *h)
{
    sbi_send_ipi(h->id);
}
