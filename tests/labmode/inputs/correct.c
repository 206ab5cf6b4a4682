// clang-format off
// (Written in xv6 style on purpose, as a lab solution would be.)
// A per-CPU page allocator in the style of an xv6 lock-lab solution, written for kmem's
// lab mode as the known-good input. Each CPU has a free list and a lock; a CPU whose list
// is empty steals half of another CPU's list, never holding two locks at once.
//
// The files beside it define one BUG_* and include this file, to get the same allocator
// with one mistake that lab solutions make and kalloctest does not catch:
//   BUG_DEADLOCK     steal while still holding your own lock (AB/BA deadlock)
//   BUG_STACK_NAME   lock names in a stack buffer
//   BUG_CPUID        cpuid() read before push_off, with interrupts on
//   BUG_FALSE_OOM    one empty steal pass taken as "out of memory"
//   BUG_SPIN_WAIT    kalloc never returns 0: it steals again until a page appears
//   BUG_WAIT_FREE    kalloc waits, holding no lock, until some page is free
//   BUG_KEEP_LAST    kalloc leaves a list's last page on it: that page goes out twice
//   BUG_NO_STEAL     no stealing at all
// and others set what differs between correct files:
//   FREERANGE_2019   fall 2019's freerange, which leaves the last page out (not a bug)
//   KINIT_SPLIT_BYTES kinit gives each CPU an equal share of the bytes: the pages on the
//                    shares' boundaries are never handed over (not a bug: fewer pages)
//   LAB_HELPERS      proc.h's mycpu() - cpus for the id, and 2022's atomic_read4 to skip
//                    empty lists without their lock (not a bug)
//   BUG_SEEN_ONLY    steals only from CPUs up to the highest that has called kalloc: pages
//                    freed by a CPU that never allocated are out of reach
//   BUG_HART0        CPU 0 never steals (the others do)
//   BUG_LEAK         a steal drops the last page of its batch: pages are lost
//   BUG_PEEK         kalloc reads its list head without the lock and pops it without
//                    checking it again: NULL (or a page another CPU took) is dereferenced
//   BUG_INIT_ONE     kinit initialises only the lock of the CPU it runs on (the file's
//                    author called kinit on every CPU; xv6 calls it once)
// and the hostile submissions of tests/grade/hostile/ set what kinit, kfree and kalloc do
// first: HOOK_KINIT(), HOOK_KFREE(pa), HOOK_KALLOC().

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "defs.h"
#ifdef LAB_HELPERS
#include "proc.h"
#endif
#ifndef HOOK_KINIT
#define HOOK_KINIT()
#endif
#ifndef HOOK_KFREE
#define HOOK_KFREE(pa)
#endif
#ifndef HOOK_KALLOC
#define HOOK_KALLOC()
#endif

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

#ifdef KINIT_SPLIT_BYTES
static int split_to = -1; // while kinit runs: the list kfree puts pages on
#endif

// Free pages on all lists or moving between them. kfree adds and kalloc subtracts while
// holding the lock of the list concerned; a steal leaves it alone.
static int nfree;

void
kinit()
{
  HOOK_KINIT();
#ifdef BUG_STACK_NAME
  char name[8];
  for(int i = 0; i < NCPU; i++){
    snprintf(name, sizeof(name), "kmem%d", i);
    initlock(&kmem[i].lock, name); // BUG: name is on kinit's stack
  }
#elif defined(BUG_INIT_ONE)
  push_off();
  int me = cpuid();
  pop_off();
  snprintf(kmem[me].name, sizeof(kmem[me].name), "kmem%d", me);
  initlock(&kmem[me].lock, kmem[me].name); // BUG: the other CPUs' locks are never set up
#else
  for(int i = 0; i < NCPU; i++){
    snprintf(kmem[i].name, sizeof(kmem[i].name), "kmem%d", i);
    initlock(&kmem[i].lock, kmem[i].name);
  }
#endif
#ifdef KINIT_SPLIT_BYTES
  // Each CPU's list gets an equal share of the bytes (not of the pages): the pages that
  // straddle two shares are never freed.
  uint64 share = ((uint64)PHYSTOP - (uint64)end) / NCPU;
  for(int i = 0; i < NCPU; i++){
    split_to = i;
    freerange(end + i*share, end + (i+1)*share);
  }
  split_to = -1;
#else
  freerange(end, (void*)PHYSTOP);
#endif
}

void
freerange(void *pa_start, void *pa_end)
{
  char *p;
  p = (char*)PGROUNDUP((uint64)pa_start);
#ifdef FREERANGE_2019
  for(; p + PGSIZE < (char*)pa_end; p += PGSIZE) // fall 2019's loop: one page short
#else
  for(; p + PGSIZE <= (char*)pa_end; p += PGSIZE)
#endif
    kfree(p);
}

// Turn interrupts off and return this CPU's id; the caller pop_off()s when done.
static int
enter_cpu(void)
{
#ifdef BUG_CPUID
  int id = cpuid(); // BUG: interrupts are still on here
  push_off();
#else
  push_off();
#ifdef LAB_HELPERS
  int id = mycpu() - cpus;
#else
  int id = cpuid();
#endif
#endif
  return id;
}

// Free the page of physical memory pointed at by pa onto this CPU's list.
void
kfree(void *pa)
{
  struct run *r;

  HOOK_KFREE(pa);
  if(((uint64)pa % PGSIZE) != 0 || (char*)pa < end || (uint64)pa >= PHYSTOP)
    panic("kfree");

  memset(pa, 1, PGSIZE);
  r = (struct run*)pa;

  int id = enter_cpu();
#ifdef KINIT_SPLIT_BYTES
  if(split_to >= 0)
    id = split_to;
#endif
  acquire(&kmem[id].lock);
  r->next = kmem[id].freelist;
  kmem[id].freelist = r;
  kmem[id].count++;
  __sync_fetch_and_add(&nfree, 1);
  release(&kmem[id].lock);
  pop_off();
}

#ifdef BUG_SEEN_ONLY
static int highest_seen; // the highest CPU id that has called kalloc
#endif

// Move half of some other CPU's list to CPU id's list. Called with no lock held; takes
// one lock at a time. Returns 1 if pages were moved.
// (BUG_DEADLOCK: called with kmem[id].lock held, and takes a second lock.)
static int __attribute__((unused))
steal(int id)
{
#ifdef BUG_HART0
  if(id == 0)
    return 0; // BUG: CPU 0 never steals
#endif
  for(int i = 1; i < NCPU; i++){
    int v = (id + i) % NCPU;
#ifdef BUG_SEEN_ONLY
    if(v > __atomic_load_n(&highest_seen, __ATOMIC_RELAXED))
      continue; // BUG: a CPU that never allocated is never a victim
#endif
#ifdef LAB_HELPERS
    if(atomic_read4(&kmem[v].count) == 0)
      continue; // a peek: the count is checked again under the lock
#endif
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

#ifndef BUG_DEADLOCK
    acquire(&kmem[id].lock);
#endif
#ifdef BUG_LEAK
    if(n > 1){
      struct run *before = first;
      while(before->next != last)
        before = before->next;
      last = before; // BUG: the batch's last page is on no list any more
      n--;
      __sync_fetch_and_sub(&nfree, 1); // (counted as gone, so kalloc does not wait for it)
    }
#endif
    last->next = kmem[id].freelist;
    kmem[id].freelist = first;
    kmem[id].count += n;
#ifndef BUG_DEADLOCK
    release(&kmem[id].lock);
#endif
    return 1;
  }
  return 0;
}

void *
kalloc(void)
{
  struct run *r;

  HOOK_KALLOC();
#ifdef BUG_WAIT_FREE
  while(__sync_fetch_and_add(&nfree, 0) == 0) // BUG: waits for a free page that may never come
    ;
#endif
  int id = enter_cpu();
#ifdef BUG_SEEN_ONLY
  if(id > highest_seen)
    __atomic_store_n(&highest_seen, id, __ATOMIC_RELAXED);
#endif
#ifdef BUG_PEEK
  r = kmem[id].freelist; // BUG: read without the lock ...
  acquire(&kmem[id].lock);
  kmem[id].freelist = r->next; // ... and used without checking it again
  kmem[id].count--;
  __sync_fetch_and_sub(&nfree, 1);
  release(&kmem[id].lock);
  pop_off();
  return (void*)r;
#endif
  for(;;){
    acquire(&kmem[id].lock);
    int stole = 0;
#ifdef BUG_DEADLOCK
    if(!kmem[id].freelist)
      stole = steal(id); // BUG: still holding kmem[id].lock
#endif
    r = kmem[id].freelist;
    if(r){
#ifdef BUG_KEEP_LAST
      if(r->next) // BUG: the last page stays on the list, to be handed out again
#endif
      kmem[id].freelist = r->next;
      kmem[id].count--;
      __sync_fetch_and_sub(&nfree, 1);
    }
    release(&kmem[id].lock);
#if defined(BUG_NO_STEAL)
    (void)stole;
    break; // BUG: never looks at the other lists
#elif defined(BUG_SEEN_ONLY) || defined(BUG_HART0)
    if(r || !steal(id)) // with some lists out of reach, a failed steal is "out of memory"
      break;
#elif defined(BUG_SPIN_WAIT)
    (void)stole;
    if(r) // BUG: no page anywhere means try again, for ever
      break;
    steal(id);
#elif defined(BUG_FALSE_OOM)
    (void)stole;
    if(r || !steal(id)) // BUG: one empty pass is taken as "out of memory"
      break;
#else
#ifndef BUG_DEADLOCK
    if(!r)
      stole = steal(id);
#endif
    // A steal pass can miss pages another CPU is moving; only a zero count means
    // memory is really gone.
    if(r || (!stole && __sync_fetch_and_add(&nfree, 0) == 0))
      break;
#endif
  }
  pop_off();

  if(r)
    memset((char*)r, 5, PGSIZE); // fill with junk
  return (void*)r;
}
