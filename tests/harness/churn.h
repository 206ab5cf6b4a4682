/* kalloctest's inner loop, shared by test1, test3 and test4: kalloc a page, write it, kfree
   it, over and over on one hart. */
#ifndef KMEM_CHURN_H
#define KMEM_CHURN_H

/* Runs `iters` rounds, or until *stop becomes nonzero if stop is not 0 (checked every
   round). Returns how many kallocs came back 0; those rounds just go on. */
unsigned long churn(unsigned long iters, const int *stop);

#endif
