/* Each hart notes the round before it arrives; the last to arrive resets the count and
   then advances the round, so a hart that races ahead into the next round counts afresh. */
#include "barrier.h"
#include "intr.h"

void barrier_init(struct barrier *b, int parties)
{
    b->parties = parties;
    b->arrived = 0;
    __atomic_store_n(&b->round, 0, __ATOMIC_RELEASE);
}

void barrier_wait(struct barrier *b)
{
    unsigned int round = __atomic_load_n(&b->round, __ATOMIC_ACQUIRE);
    if (__atomic_add_fetch(&b->arrived, 1, __ATOMIC_ACQ_REL) == b->parties) {
        __atomic_store_n(&b->arrived, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&b->round, round + 1, __ATOMIC_RELEASE);
        return;
    }
    while (__atomic_load_n(&b->round, __ATOMIC_ACQUIRE) == round)
        cpu_relax();
}
