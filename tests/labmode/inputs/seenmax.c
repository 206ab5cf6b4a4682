// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// To skip CPUs that "are not running", the steal loop only goes up to the highest CPU id
// that has called kalloc so far. A CPU that frees pages without ever allocating (a
// process that moved there and exits, say) keeps them out of reach: the others run out
// of memory while its list is full. In a kernel run every CPU has allocated by the time
// memory runs out, so the run cannot see it; the explorer can.

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

int maxcpu;   // highest cpu id seen in kalloc

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
  if (id > maxcpu)
    maxcpu = id;
  acquire(&kmem[id].lock);
  struct run *r = kmem[id].freelist;
  if (r)
    kmem[id].freelist = r->next;
  release(&kmem[id].lock);
  for (int i = 0; !r && i <= maxcpu; i++) {
    if (i == id)
      continue;
    acquire(&kmem[i].lock);
    r = kmem[i].freelist;
    if (r)
      kmem[i].freelist = r->next;
    release(&kmem[i].lock);
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
