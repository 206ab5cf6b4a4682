// Lab mode test input with a known bug: AB/BA deadlock. A CPU steals while still holding
// its own lock, so two CPUs stealing from each other each wait for the other's lock.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "defs.h"

void freerange(void *pa_start, void *pa_end);

extern char end[]; // first address after kernel.

// Most pages one steal moves: the victim's lock is held while the batch is walked, so a
// big batch (half of all memory, right after kinit) would make every other CPU wait.
#define STEAL_MAX 64

struct run {
  struct run *next;
};

struct {
  struct spinlock lock;
  struct run *freelist;
  int count;
  char name[8];   // the lock's name must outlive kinit()
} kmem[NCPU];

// Free pages on all lists or moving between them. kfree adds and kalloc subtracts while
// holding the lock of the list concerned; a steal leaves it alone.
static int nfree;

void
kinit()
{
  for(int i = 0; i < NCPU; i++){
    snprintf(kmem[i].name, sizeof(kmem[i].name), "kmem%d", i);
    initlock(&kmem[i].lock, kmem[i].name);
  }
  freerange(end, (void*)PHYSTOP);
}

void
freerange(void *pa_start, void *pa_end)
{
  char *p;
  p = (char*)PGROUNDUP((uint64)pa_start);
  for(; p + PGSIZE <= (char*)pa_end; p += PGSIZE)
    kfree(p);
}

// Free the page of physical memory pointed at by pa onto this CPU's list.
void
kfree(void *pa)
{
  struct run *r;

  if(((uint64)pa % PGSIZE) != 0 || (char*)pa < end || (uint64)pa >= PHYSTOP)
    panic("kfree");

  memset(pa, 1, PGSIZE);
  r = (struct run*)pa;

  push_off();
  int id = cpuid();
  acquire(&kmem[id].lock);
  r->next = kmem[id].freelist;
  kmem[id].freelist = r;
  kmem[id].count++;
  __sync_fetch_and_add(&nfree, 1);
  release(&kmem[id].lock);
  pop_off();
}

// Move half of some other CPU's list to CPU id's list.
// BUG: called with kmem[id].lock held, and takes a second lock.
static int
steal(int id)
{
  for(int i = 1; i < NCPU; i++){
    int v = (id + i) % NCPU;
    acquire(&kmem[v].lock);
    int n = (kmem[v].count + 1) / 2;
    if(n > STEAL_MAX)
      n = STEAL_MAX;
    if(n == 0){
      release(&kmem[v].lock);
      continue;
    }
    struct run *first = kmem[v].freelist, *last = first;
    for(int k = 1; k < n; k++)
      last = last->next;
    kmem[v].freelist = last->next;
    kmem[v].count -= n;
    release(&kmem[v].lock);

    last->next = kmem[id].freelist;
    kmem[id].freelist = first;
    kmem[id].count += n;
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
  for(;;){
    acquire(&kmem[id].lock);
    r = kmem[id].freelist;
    int stole = 0;
    if(!r)
      stole = steal(id); // still holding kmem[id].lock
    r = kmem[id].freelist;
    if(r){
      kmem[id].freelist = r->next;
      kmem[id].count--;
      __sync_fetch_and_sub(&nfree, 1);
    }
    release(&kmem[id].lock);
    if(r || (!stole && __sync_fetch_and_add(&nfree, 0) == 0))
      break;
  }
  pop_off();

  if(r)
    memset((char*)r, 5, PGSIZE); // fill with junk
  return (void*)r;
}
