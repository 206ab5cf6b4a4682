// clang-format off
// Lab mode test input: the lock lab's starting point, written for kmem in xv6 style. One
// free list behind one lock for every CPU: correct, and exactly what the lab asks to
// replace. Lab mode must say so ("single shared list"), and kalloctest's test1 fails.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "defs.h"

void freerange(void *pa_start, void *pa_end);

extern char end[];

struct page {
  struct page *next;
};

struct {
  struct spinlock lock;
  struct page *pages;
} pool;

void
kinit()
{
  initlock(&pool.lock, "kmem");
  freerange(end, (void*)PHYSTOP);
}

void
freerange(void *pa_start, void *pa_end)
{
  for(char *p = (char*)PGROUNDUP((uint64)pa_start); p + PGSIZE <= (char*)pa_end; p += PGSIZE)
    kfree(p);
}

void
kfree(void *pa)
{
  if(((uint64)pa % PGSIZE) != 0 || (char*)pa < end || (uint64)pa >= PHYSTOP)
    panic("kfree");
  memset(pa, 1, PGSIZE);
  struct page *pg = (struct page*)pa;
  acquire(&pool.lock);
  pg->next = pool.pages;
  pool.pages = pg;
  release(&pool.lock);
}

void *
kalloc(void)
{
  acquire(&pool.lock);
  struct page *pg = pool.pages;
  if(pg)
    pool.pages = pg->next;
  release(&pool.lock);
  if(pg)
    memset((char*)pg, 5, PGSIZE);
  return (void*)pg;
}
