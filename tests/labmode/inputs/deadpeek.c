// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// Two bugs in one kalloc. It decides between "pop" and "steal" by looking at its own list
// without the lock, then pops without looking again: if a thief emptied the list in
// between, it follows a NULL pointer (a crash). And its steal runs with its own lock
// still held, taking the other CPUs' locks: two CPUs stealing from each other wait for
// each other for ever (AB/BA deadlock). Each needs its own schedule; both must be told.

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

// move one page from another cpu's list to the caller; called holding kmem[id].lock
static struct run *
steal(int id)
{
  for (int i = 0; i < NCPU; i++) {
    if (i == id)
      continue;
    acquire(&kmem[i].lock);
    struct run *r = kmem[i].freelist;
    if (r)
      kmem[i].freelist = r->next;
    release(&kmem[i].lock);
    if (r)
      return r;
  }
  return 0;
}

void *
kalloc(void)
{
  struct run *r;
  push_off();
  int id = cpuid();
  if (kmem[id].freelist) {
    acquire(&kmem[id].lock);
    r = kmem[id].freelist;
    kmem[id].freelist = r->next;
    release(&kmem[id].lock);
  } else {
    acquire(&kmem[id].lock);
    r = steal(id);
    release(&kmem[id].lock);
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
