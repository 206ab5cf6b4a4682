// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// Each list keeps a count; a steal moves half the victim's pages, at most STEAL_MAX, but
// subtracts the uncapped half from the victim's count. Below STEAL_MAX pages a victim
// keeps the right count; above, its count falls below its pages, reaches 0 while pages
// are left, and those pages are never stolen. BUG: the capped steal's count.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "defs.h"

void freerange(void *pa_start, void *pa_end);
extern char end[];

struct run { struct run *next; };

#define STEAL_MAX 64

struct {
  struct spinlock lock;
  struct run *freelist;
  int count;
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
  kmem[id].count++;
  release(&kmem[id].lock);
  pop_off();
}

// Moves a batch from CPU v's list to CPU id's; returns how many.
static int
steal(int id, int v)
{
  acquire(&kmem[v].lock);
  int half = (kmem[v].count + 1) / 2;
  int n = half > STEAL_MAX ? STEAL_MAX : half;
  struct run *first = kmem[v].freelist, *last = first;
  if (n == 0 || first == 0) {
    release(&kmem[v].lock);
    return 0;
  }
  for (int k = 1; k < n && last->next; k++)
    last = last->next;
  kmem[v].freelist = last->next;
  kmem[v].count -= half;                 // BUG: the uncapped half
  release(&kmem[v].lock);
  acquire(&kmem[id].lock);
  last->next = kmem[id].freelist;
  kmem[id].freelist = first;
  kmem[id].count += n;
  release(&kmem[id].lock);
  return n;
}

void *
kalloc(void)
{
  push_off();
  int id = cpuid();
  struct run *r = 0;
  for (int i = 0; i < NCPU && !r; i++) {
    if (i > 0 && steal(id, (id + i) % NCPU) == 0)
      continue;
    acquire(&kmem[id].lock);
    r = kmem[id].freelist;
    if (r) {
      kmem[id].freelist = r->next;
      kmem[id].count--;
    }
    release(&kmem[id].lock);
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
