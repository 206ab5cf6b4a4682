// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// kfree gives a page back to the CPU whose share of memory it came from (kinit splits
// memory into NCPU equal ranges), so memory stays spread out. But it takes the lock of the
// CPU it runs on, not of the list it pushes onto. BUG: a push under the wrong lock.

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

static uint64 share;   // bytes of memory per CPU

void
kinit()
{
  for (int i = 0; i < NCPU; i++)
    initlock(&kmem[i].lock, "kmem");
  share = ((uint64)PHYSTOP - (uint64)end) / NCPU + 1;
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
  int home = ((uint64)pa - (uint64)end) / share;   // the CPU whose range it is in
  push_off();
  int id = cpuid();
  acquire(&kmem[id].lock);                          // BUG: kmem[home].lock
  r->next = kmem[home].freelist;
  kmem[home].freelist = r;
  release(&kmem[id].lock);
  pop_off();
}

void *
kalloc(void)
{
  push_off();
  int id = cpuid();
  struct run *r = 0;
  for (int i = 0; i < NCPU && !r; i++) {
    int v = (id + i) % NCPU;
    acquire(&kmem[v].lock);
    r = kmem[v].freelist;
    if (r)
      kmem[v].freelist = r->next;
    release(&kmem[v].lock);
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
