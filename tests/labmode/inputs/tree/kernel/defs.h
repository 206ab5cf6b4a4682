// clang-format off
// Lab mode test input: part of an xv6 tree, as a student's would be: the declarations the
// kernel's files share, among them a helper the student added for kalloc.c.
struct spinlock;
struct proc;

// kalloc.c
void*           kalloc(void);
void            kfree(void *);
void            kinit(void);
void*           steal_from(int, int*);   // added for the lock lab

// proc.c
struct proc*    myproc(void);
int             cpuid(void);

// spinlock.c
void            acquire(struct spinlock*);
void            release(struct spinlock*);
void            initlock(struct spinlock*, char*);
void            push_off(void);
void            pop_off(void);

// string.c
void*           memset(void*, int, uint);
void*           memmove(void*, const void*, uint);
