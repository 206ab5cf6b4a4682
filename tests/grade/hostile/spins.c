// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile (or just wrong): from its second call on, kalloc spins for ever, holding no lock
// and reaching no scheduling point: nothing but a time bound ends it.
static volatile int calls;
#define HOOK_KALLOC() do { if(__atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED) > 0) for(;;) ; } while(0)
#include "correct.c"
