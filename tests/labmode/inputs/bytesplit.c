// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// kinit deals memory out to every CPU: each gets an equal share of the bytes above the
// kernel, freed onto its own list. The shares are not page multiples, so the pages that
// straddle two shares are never freed at all: fewer pages, but not a bug (every count is
// taken from what kinit handed over). Stealing takes one page at a time. Correct.

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

static int dealing_to = -1;   // kinit: the CPU whose share is being freed

void
kinit()
{
  for (int i = 0; i < NCPU; i++)
    initlock(&kmem[i].lock, "kmem");
  uint64 share = ((uint64)PHYSTOP - (uint64)end) / NCPU;
  for (int i = 0; i < NCPU; i++) {
    dealing_to = i;
    freerange(end + i * share, end + (i + 1) * share);
  }
  dealing_to = -1;
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
  int id = dealing_to >= 0 ? dealing_to : cpuid();
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
  struct run *r = 0;
  for (int k = 0; k < NCPU && !r; k++) {   // our own list first, then the others in turn
    int i = (id + k) % NCPU;
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
