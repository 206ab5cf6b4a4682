// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// Each list keeps a count. A steal reads the victim's count without its lock, to skip
// empty lists cheaply, and then takes half of what it read under the lock without
// reading the count again: if the owner took pages in between, the walk runs off the end
// of the list. BUG: a peek trusted under the lock.

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

void *
kalloc(void)
{
  push_off();
  int id = cpuid();
  acquire(&kmem[id].lock);
  struct run *r = kmem[id].freelist;
  if (r) {
    kmem[id].freelist = r->next;
    kmem[id].count--;
  }
  release(&kmem[id].lock);
  for (int i = 1; i < NCPU && !r; i++) {
    int v = (id + i) % NCPU;
    int n = (kmem[v].count + 1) / 2;       // a peek, without the lock
    if (n == 0)
      continue;
    acquire(&kmem[v].lock);
    struct run *first = kmem[v].freelist, *last = first;   // BUG: n not read again
    for (int k = 1; k < n; k++)
      last = last->next;
    if (n > 0) {
      kmem[v].freelist = last->next;
      kmem[v].count -= n;
    }
    release(&kmem[v].lock);
    if (n > 1) {                          // the rest of the batch onto our list
      acquire(&kmem[id].lock);
      last->next = kmem[id].freelist;
      kmem[id].freelist = first->next;
      kmem[id].count += n - 1;
      release(&kmem[id].lock);
    }
    if (n > 0)
      r = first;
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
