// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// A careful per-CPU allocator: its steal holds the victim's lock and its own (taken in
// index order, so no two CPUs can wait for each other) and moves half of the victim's
// pages, counting what each list holds so that kalloc knows when memory is really gone.
// The walk that cuts the half goes one page too far: that page leaves the victim's list
// and its count but is never linked onto the thief's. Every steal from a list of two
// pages or more loses one. The out-of-memory results that follow are the loss, not a
// race: the loss must be told alone.

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
  int npages;
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
  kmem[id].npages++;
  release(&kmem[id].lock);
  pop_off();
}

// Move half of cpu v's pages to cpu id's list, holding both locks (lower index first).
// Returns how many pages were moved.
static int
steal_from(int id, int v)
{
  int lo = id < v ? id : v, hi = id < v ? v : id;
  acquire(&kmem[lo].lock);
  acquire(&kmem[hi].lock);
  int n = (kmem[v].npages + 1) / 2;
  if (n > 0) {
    struct run *head = kmem[v].freelist, *p = head;
    int cut = 1;
    while (cut <= n && p->next) {   // BUG: should stop at cut == n
      p = p->next;
      cut++;
    }
    kmem[v].freelist = p->next;
    kmem[v].npages -= cut;
    struct run *q = head;
    for (int linked = 1; linked < n; linked++)
      q = q->next;
    q->next = kmem[id].freelist;
    kmem[id].freelist = head;
    kmem[id].npages += n;
  }
  release(&kmem[hi].lock);
  release(&kmem[lo].lock);
  return n;
}

static struct run *
pop(int id)
{
  acquire(&kmem[id].lock);
  struct run *r = kmem[id].freelist;
  if (r) {
    kmem[id].freelist = r->next;
    kmem[id].npages--;
  }
  release(&kmem[id].lock);
  return r;
}

void *
kalloc(void)
{
  push_off();
  int id = cpuid();
  struct run *r = pop(id);
  while (!r) {
    for (int i = 1; i < NCPU; i++) {
      if (steal_from(id, (id + i) % NCPU))
        break;
    }
    r = pop(id);
    if (r)
      break;
    int left = 0;               // pages on every list: only 0 means memory is gone
    for (int i = 0; i < NCPU; i++)
      left += kmem[i].npages;
    if (left == 0)
      break;
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
