/* Spinlocks with the lock lab's contention counters, and the lab-format statistics report. */
#ifndef KMEM_SPINLOCK_H
#define KMEM_SPINLOCK_H

struct hart;

struct spinlock {
    unsigned int locked; /* 0 free, 1 held; changed only by atomic swap and store-release */
    const char *name;    /* static storage: the statistics report prints it at any time */
    struct hart *holder; /* hart holding it, for holding() and panics; valid while locked */
    unsigned int nts;    /* failed test-and-set attempts while spinning ("#test-and-set") */
    unsigned int n;      /* calls to acquire ("#acquire()") */
};

/* name must outlive the lock (a string literal or a static array): the lock registers
   itself in the statistics table. */
void initlock(struct spinlock *lk, const char *name);
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
int holding(struct spinlock *lk);

#endif
