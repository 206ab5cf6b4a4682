// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// Lock-free per-CPU lists: push and pop swap the head with compare-and-swap, no lock on
// the fast path (each list's lock is still set up, as the lab asks). A pop reads the head
// and the head's next, then swaps: if meanwhile the owner took that page and the next one
// and freed the first again (ABA), the swap succeeds and the list's head is a page the
// owner holds. BUG: ABA in pop.

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

static void
push(int id, struct run *r)
{
  struct run *old;
  do {
    old = __atomic_load_n(&kmem[id].freelist, __ATOMIC_ACQUIRE);
    r->next = old;
  } while (!__sync_bool_compare_and_swap(&kmem[id].freelist, old, r));
}

static struct run *
pop(int id)
{
  struct run *old, *next;
  do {
    old = __atomic_load_n(&kmem[id].freelist, __ATOMIC_ACQUIRE);
    if (old == 0)
      return 0;
    next = old->next;                                           // BUG: old may be
  } while (!__sync_bool_compare_and_swap(&kmem[id].freelist, old, next)); // reused (ABA)
  return old;
}

void
kfree(void *pa)
{
  if (((uint64)pa % PGSIZE) != 0 || (char*)pa < end || (uint64)pa >= PHYSTOP)
    panic("kfree");
  memset(pa, 1, PGSIZE);
  push_off();
  push(cpuid(), (struct run*)pa);
  pop_off();
}

void *
kalloc(void)
{
  push_off();
  int id = cpuid();
  struct run *r = pop(id);
  for (int i = 1; i < NCPU && !r; i++)
    r = pop((id + i) % NCPU);
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
