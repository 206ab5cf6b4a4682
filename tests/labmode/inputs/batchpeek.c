// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// An empty list takes a batch of up to 8 pages from the first CPU whose list it sees
// non-empty (looked at without that CPU's lock: a hint, checked again under it), lets go
// of the victim's lock, then takes its own to put the batch there. While a batch is
// between the two locks it is on no list: another CPU that looks then sees every list
// empty and returns 0, though the pages exist (a false out-of-memory).

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "defs.h"

#define BATCH 8

void freerange(void *pa_start, void *pa_end);
extern char end[];

struct run { struct run *next; };

struct {
  struct spinlock lock;
  struct run *freelist;
} kmem[NCPU];

static char *names[] = { "kmem0", "kmem1", "kmem2", "kmem3", "kmem4", "kmem5", "kmem6", "kmem7" };

void
kinit()
{
  for (int i = 0; i < NCPU; i++)
    initlock(&kmem[i].lock, names[i]);
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
  struct run *r;
  if (((uint64)pa % PGSIZE) != 0 || (char*)pa < end || (uint64)pa >= PHYSTOP)
    panic("kfree");
  memset(pa, 1, PGSIZE);
  r = (struct run*)pa;
  push_off();
  int id = cpuid();
  acquire(&kmem[id].lock);
  r->next = kmem[id].freelist;
  kmem[id].freelist = r;
  release(&kmem[id].lock);
  pop_off();
}

// Refill cpu id's list from another CPU's. Returns 0 if every list looked empty.
static int
refill(int id)
{
  for (int i = 0; i < NCPU; i++) {
    if (i == id || kmem[i].freelist == 0)   // peek without the lock: just a hint
      continue;
    acquire(&kmem[i].lock);
    struct run *first = kmem[i].freelist, *last = first;
    if (!first) {
      release(&kmem[i].lock);
      continue;
    }
    for (int n = 1; n < BATCH && last->next; n++)
      last = last->next;
    kmem[i].freelist = last->next;
    release(&kmem[i].lock);       // the batch is on no list from here ...
    acquire(&kmem[id].lock);      // ... to here
    last->next = kmem[id].freelist;
    kmem[id].freelist = first;
    release(&kmem[id].lock);
    return 1;
  }
  return 0;
}

void *
kalloc(void)
{
  struct run *r;
  push_off();
  int id = cpuid();
  for (;;) {
    acquire(&kmem[id].lock);
    r = kmem[id].freelist;
    if (r)
      kmem[id].freelist = r->next;
    release(&kmem[id].lock);
    if (r || !refill(id))
      break;
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
