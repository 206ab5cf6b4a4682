/* The schedule explorer's arch: what the very mm/ and lib/ sources call at each step that
   another hart can observe. Built only into the explorer (tests/explore), which implements
   these; every call is a scheduling point, where the explorer may hand the turn to another
   hart before the access happens. Exactly one hart runs at a time. */
#ifndef KMEM_EXPLORE_POINT_H
#define KMEM_EXPLORE_POINT_H

/* What a point is about to do; the story of a counterexample names it. */
enum explore_op {
    EXPLORE_LOAD,          /* load_once */
    EXPLORE_STORE,         /* store_once */
    EXPLORE_LOAD_ACQUIRE,  /* load_acquire */
    EXPLORE_STORE_RELEASE, /* store_release: a lock's release */
    EXPLORE_SWAP,          /* swap_acquire: a lock's test-and-set */
    EXPLORE_ADD,           /* add_relaxed, add_release, add_acq_rel */
    EXPLORE_HOOK,          /* a test hook of the steal path (kalloc.h's kmem_hooks) */
    EXPLORE_YIELD,         /* cpu_relax: a back-off or a wait with nothing named */
    EXPLORE_WAIT,          /* cpu_relax_while: a spin on a word (a held lock) */
    EXPLORE_MIGRATE,       /* an identity read with interrupts on (a lab file's cpuid()) */
    EXPLORE_FINISH,        /* a hart's program has ended (the explorer's own step) */
    EXPLORE_PLAIN_LOAD,    /* a plain load of a word a data race was seen on (race.c) */
    EXPLORE_PLAIN_STORE,   /* a plain store to such a word */
    EXPLORE_INTERRUPT,     /* interrupts came on: a pending interrupt may be taken here */
    EXPLORE_READ,          /* the explorer chooses which store an atomic load reads */
    EXPLORE_FENCE,         /* a fence (a lab file's __sync_synchronize) */
    EXPLORE_OPS
};

/* A point before an access of the word at addr. */
void explore_point(enum explore_op op, const void *addr);

/* The same for an atomic store or read-modify-write of the `size`-byte word at addr with
   C11 memory order `order` (__ATOMIC_RELAXED ... __ATOMIC_SEQ_CST): after the point, the
   memory model (tests/explore/store_history.c) records the store, as it is about to
   happen, with the happens-before edges its order gives. */
void explore_atomic(enum explore_op op, const void *addr, unsigned size, int order);

/* An atomic load of the `size`-byte word at addr with order `order`: a point, then the
   value it reads. Under the memory model (tests/explore/store_history.c) that may be an
   older store than the one memory holds, as C11 allows when no happens-before edge rules
   it out; the explorer chooses which. */
unsigned long explore_load_atomic(enum explore_op op, const void *addr, unsigned size, int order);

/* A compare-and-swap of the `size`-byte word at addr against `expected`: a point, then a
   read-modify-write if the word holds `expected` (known before the swap happens: one hart
   runs at a time), else an atomic load of the latest store with order `fail`. */
void explore_cas(const void *addr, unsigned size, unsigned long expected, int order, int fail);

/* A fence with C11 order `order` (__sync_synchronize is __ATOMIC_SEQ_CST). */
void explore_fence(int order);

/* Interrupts have just come on (intr_on, pop_off): on real hardware a pending interrupt is
   taken right here, and in scenarios with interrupts the explorer may deliver one. */
void explore_intr_on(void);

/* cpu_relax: the hart lets others run. Consecutive pauses with no other point between them
   are one (a back-off loop is one yield, however many times it spins). */
void explore_yield(void);

/* cpu_relax_while(x, v): the hart sleeps while the word at addr (size 4 or 8) holds v, so a
   spin on a held lock is one step, not one per turn of the loop. */
void explore_wait(const volatile void *addr, unsigned size, unsigned long v);

/* A lab file read its CPU's identity with interrupts on: an interrupt right after may move
   the rest of the call to another CPU, and the explorer chooses whether it does. */
void explore_migrate_point(void);

/* Steps taken so far in this schedule: the explorer's clock. */
unsigned long explore_steps(void);

/* What the allocator prints (a boot line, a panic's text) goes to the schedule's console,
   which a counterexample's story shows. */
void explore_console(const char *text);

/* The run ends here (a panic, machine_exit): a finding, with that exit status. The explorer
   goes on with the next schedule; the hart never runs again. */
void explore_stop(int status) __attribute__((noreturn));

#endif
