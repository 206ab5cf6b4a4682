// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// A CPU whose list is empty takes another CPU's whole list: it reads the head under that
// CPU's lock, but clears the head only after release(), so a page the owner pops in
// between is handed out twice. BUG: the store after release.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "defs.h"

void freerange(void *pa_start, void *pa_end);
extern char end[];

struct run { struct run *next; };

struct {
  struct spinlock lock;
  struct run *freelist;
} kmem[NCPU];

void
kinit()
{
  for (int i = 0; i < NCPU; i++)
    initlock(&kmem[i].lock, "kmem");
  freerange(end, (void*)PHYSTOP);
}

void
freerange(void *pa_start, void *pa_end)
{
  char *p = (char*)PGROUNDUP((uint64)pa_start);
  for (; p + PGSIZE <= (char*)pa_end; p += PGSIZE)
    kfree(p);
}

void
kfree(void *pa)
{
  if (((uint64)pa % PGSIZE) != 0 || (char*)pa < end || (uint64)pa >= PHYSTOP)
    panic("kfree");
  memset(pa, 1, PGSIZE);
  struct run *r = (struct run*)pa;
  push_off();
  int id = cpuid();
  acquire(&kmem[id].lock);
  r->next = kmem[id].freelist;
  kmem[id].freelist = r;
  release(&kmem[id].lock);
  pop_off();
}

void *
kalloc(void)
{
  push_off();
  int id = cpuid();
  acquire(&kmem[id].lock);
  struct run *r = kmem[id].freelist;
  if (r)
    kmem[id].freelist = r->next;
  release(&kmem[id].lock);
  for (int i = 1; i < NCPU && !r; i++) {
    int v = (id + i) % NCPU;
    acquire(&kmem[v].lock);
    struct run *all = kmem[v].freelist;   // take the whole list
    release(&kmem[v].lock);
    kmem[v].freelist = 0;                 // BUG: after release()
    if (all) {
      r = all;
      acquire(&kmem[id].lock);
      kmem[id].freelist = all->next;
      release(&kmem[id].lock);
    }
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
