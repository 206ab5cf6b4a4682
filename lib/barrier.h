/* A reusable spinning barrier for a fixed number of harts. */
#ifndef KMEM_BARRIER_H
#define KMEM_BARRIER_H

struct barrier {
    int parties;        /* harts that must arrive; set by barrier_init */
    int arrived;        /* harts waiting in the current round */
    unsigned int round; /* bumped by the last arrival, which releases the others */
};

void barrier_init(struct barrier *b, int parties);
void barrier_wait(struct barrier *b);

#endif
