// clang-format off
// Lab mode test input, written in the style of a student's solution (not copied from one).
// kalloc turns interrupts off before it asks which CPU it is on; kfree asks first and
// turns them off after, so a timer interrupt in between can move the rest of the call to
// another CPU, which then frees onto a list that is not its own (the lab's hint: cpuid()
// is only stable with interrupts off). With a lock around every list, no page is lost,
// but the rule is broken, in kfree only.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "defs.h"

void freerange(void *pa_start, void *pa_end);
extern char end[];

struct run { struct run *next; };

struct cpu_mem {
  struct spinlock lock;
  struct run *freelist;
  char lockname[8];
};
static struct cpu_mem mem[NCPU];

void
kinit()
{
  for (int i = 0; i < NCPU; i++) {
    snprintf(mem[i].lockname, sizeof(mem[i].lockname), "kmem_%d", i);
    initlock(&mem[i].lock, mem[i].lockname);
  }
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
  int me = cpuid();      // interrupts are still on here
  push_off();
  acquire(&mem[me].lock);
  r->next = mem[me].freelist;
  mem[me].freelist = r;
  release(&mem[me].lock);
  pop_off();
}

void *
kalloc(void)
{
  struct run *r;
  push_off();
  int me = cpuid();
  acquire(&mem[me].lock);
  r = mem[me].freelist;
  if (r)
    mem[me].freelist = r->next;
  release(&mem[me].lock);
  // steal one page from whoever has one
  for (int i = 1; !r && i < NCPU; i++) {
    int other = (me + i) % NCPU;
    acquire(&mem[other].lock);
    r = mem[other].freelist;
    if (r)
      mem[other].freelist = r->next;
    release(&mem[other].lock);
  }
  pop_off();
  if (r)
    memset((char*)r, 5, PGSIZE);
  return (void*)r;
}
