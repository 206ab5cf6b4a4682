// clang-format off
// Lab mode test input: a per-CPU allocator that sits in an xv6 tree and calls a helper,
// steal_from, that only the tree's defs.h declares (the call comes before the definition).
// Built with kmem's compat headers alone, the call is an implicit declaration and the
// definition conflicts with it; scripts/run takes the declaration from ../kernel/defs.h.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "defs.h"

void freerange(void *pa_start, void *pa_end);

extern char end[];

struct run {
  struct run *next;
};

struct {
  struct spinlock lock;
  struct run *head;
  int n;
} cpu_free[NCPU];

static char *names[NCPU] = {"kmem0", "kmem1", "kmem2", "kmem3", "kmem4", "kmem5", "kmem6", "kmem7"};

void
kinit()
{
  for(int c = 0; c < NCPU; c++)
    initlock(&cpu_free[c].lock, names[c]);
  freerange(end, (void*)PHYSTOP);
}

void
freerange(void *pa_start, void *pa_end)
{
  for(char *p = (char*)PGROUNDUP((uint64)pa_start); p + PGSIZE <= (char*)pa_end; p += PGSIZE)
    kfree(p);
}

void
kfree(void *pa)
{
  if(((uint64)pa % PGSIZE) != 0 || (char*)pa < end || (uint64)pa >= PHYSTOP)
    panic("kfree");
  memset(pa, 1, PGSIZE);
  struct run *r = (struct run*)pa;
  push_off();
  int c = cpuid();
  acquire(&cpu_free[c].lock);
  r->next = cpu_free[c].head;
  cpu_free[c].head = r;
  cpu_free[c].n++;
  release(&cpu_free[c].lock);
  pop_off();
}

void *
kalloc(void)
{
  push_off();
  int c = cpuid();
  acquire(&cpu_free[c].lock);
  struct run *r = cpu_free[c].head;
  if(r){
    cpu_free[c].head = r->next;
    cpu_free[c].n--;
  }
  release(&cpu_free[c].lock);
  // Out of pages: take up to 32 from the others, one lock at a time, until one has some.
  for(int i = 1; !r && i < NCPU; i++){
    int got;
    struct run *chain = steal_from((c + i) % NCPU, &got);
    if(!chain)
      continue;
    r = chain;
    if(got > 1){
      acquire(&cpu_free[c].lock);
      struct run *last = chain->next;
      while(last->next)
        last = last->next;
      last->next = cpu_free[c].head;
      cpu_free[c].head = chain->next;
      cpu_free[c].n += got - 1;
      release(&cpu_free[c].lock);
    }
  }
  pop_off();
  if(r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}

// Detaches up to 32 pages from CPU v's list; *got says how many.
void *
steal_from(int v, int *got)
{
  acquire(&cpu_free[v].lock);
  struct run *first = cpu_free[v].head, *last = first;
  int k = first ? 1 : 0;
  while(last && last->next && k < 32){
    last = last->next;
    k++;
  }
  if(last){
    cpu_free[v].head = last->next;
    last->next = 0;
  }
  cpu_free[v].n -= k;
  release(&cpu_free[v].lock);
  *got = k;
  return first;
}
