/* The churn loop. At most one page is held at any moment, which the memory checks of
   test3 and test4 rely on. */
#include "churn.h"
#include "kalloc.h"

unsigned long churn(unsigned long iters, const int *stop)
{
    unsigned long misses = 0;
    for (unsigned long i = 0; i < iters; i++) {
        if (stop && __atomic_load_n(stop, __ATOMIC_RELAXED))
            break;
        char *page = kalloc();
        if (!page) {
            misses++;
            continue;
        }
        page[i % PGSIZE] = (char)i;
        kfree(page);
    }
    return misses;
}
