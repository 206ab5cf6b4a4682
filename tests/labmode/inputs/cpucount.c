// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// Each CPU counts the pages it has handed out minus the pages it has taken back, with
// interrupts off and no lock ("only this CPU ever writes its own counter"); kinit's frees
// make the sum minus the number of free pages, and kalloc, after a pass over every list
// finds nothing, gives up only when the sum says nothing is free (a pass can miss a page
// on the move). kfree reads cpuid() before push_off(): a timer interrupt right after can
// move the rest of the call to another CPU, which then updates the first CPU's counter
// while that CPU updates it too. One update is lost; when it is an allocation's, the sum
// says a page is free that is not, and kalloc looks for it for ever: what the lab's rule
// about cpuid() is for.

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
int inuse[NCPU];   // handed out minus taken back, per CPU; written only by that CPU

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

static void
add(int id, int delta)
{
  int n = __atomic_load_n(&inuse[id], __ATOMIC_RELAXED);
  __atomic_store_n(&inuse[id], n + delta, __ATOMIC_RELAXED);
}

void
kfree(void *pa)
{
  if (((uint64)pa % PGSIZE) != 0 || (char*)pa < end || (uint64)pa >= PHYSTOP)
    panic("kfree");
  memset(pa, 1, PGSIZE);
  struct run *r = (struct run*)pa;
  int id = cpuid();
  push_off();
  acquire(&kmem[id].lock);
  r->next = kmem[id].freelist;
  kmem[id].freelist = r;
  release(&kmem[id].lock);
  add(id, -1);
  pop_off();
}

void *
kalloc(void)
{
  struct run *r = 0;
  push_off();
  int id = cpuid();
  for (;;) {
    for (int k = 0; k < NCPU && !r; k++) {
      int i = (id + k) % NCPU;
      acquire(&kmem[i].lock);
      r = kmem[i].freelist;
      if (r)
        kmem[i].freelist = r->next;
      release(&kmem[i].lock);
    }
    if (r) {
      add(id, 1);
      break;
    }
    int sum = 0;
    for (int i = 0; i < NCPU; i++)
      sum += __atomic_load_n(&inuse[i], __ATOMIC_RELAXED);
    if (sum >= 0)
      break;                    // the counters say nothing is free
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
