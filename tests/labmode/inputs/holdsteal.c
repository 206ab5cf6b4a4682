// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// Two ways to refill an empty list: the first time a CPU runs dry it lets go of its own
// lock and steals (fine); once it has stolen before, a "fast refill" path steals straight
// into its list while still holding its own lock. Two CPUs on that second path, each
// robbing the other, wait for each other for ever (AB/BA deadlock), but only in schedules
// where both have stolen once already.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "defs.h"

void freerange(void *pa_start, void *pa_end);
extern char end[];

struct run { struct run *next; };

struct kmem {
  struct spinlock lock;
  struct run *freelist;
  int refills;           // steals this CPU has done
};
struct kmem kmems[NCPU];

void
kinit()
{
  for (int i = 0; i < NCPU; i++)
    initlock(&kmems[i].lock, "kmem");
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
  int c = cpuid();
  acquire(&kmems[c].lock);
  r->next = kmems[c].freelist;
  kmems[c].freelist = r;
  release(&kmems[c].lock);
  pop_off();
}

// take one page from some other CPU's list; caller decides which locks it holds
static struct run *
grab(int c)
{
  for (int i = 0; i < NCPU; i++) {
    if (i == c)
      continue;
    acquire(&kmems[i].lock);
    struct run *r = kmems[i].freelist;
    if (r)
      kmems[i].freelist = r->next;
    release(&kmems[i].lock);
    if (r)
      return r;
  }
  return 0;
}

void *
kalloc(void)
{
  push_off();
  int c = cpuid();
  acquire(&kmems[c].lock);
  struct run *r = kmems[c].freelist;
  if (r) {
    kmems[c].freelist = r->next;
  } else if (kmems[c].refills > 0) {
    r = grab(c);              // fast refill: still holding kmems[c].lock
    kmems[c].refills++;
  }
  release(&kmems[c].lock);
  if (!r && kmems[c].refills == 0) {
    r = grab(c);              // first refill: no lock held
    kmems[c].refills++;
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
