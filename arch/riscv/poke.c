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

void poke_wait(void)
{
    __asm__ volatile("wfi");
}

void poke(const struct hart *h)
{
    sbi_send_ipi(h->id);
}
