/* Injected bugs for the mutation check (mm/kmem_mutants.def). MUTANT(name) is a constant:
   1 in the one test kernel built with that bug, 0 everywhere else, so the compiler drops
   every injected line from real kernels. */
#ifndef KMEM_MUTANT_H
#define KMEM_MUTANT_H

#ifndef KMEM_MUTANT
#define KMEM_MUTANT 0
#endif

enum kmem_mutant_id {
#define MUTANT(name, id, policy, test, what) MUTANT_ID_##name = id,
#include "kmem_mutants.def"
#undef MUTANT
};

#define MUTANT(name) (KMEM_MUTANT == MUTANT_ID_##name)

#endif
