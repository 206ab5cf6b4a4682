/* Lab mode: the physical memory layout a lab kalloc.c sees. RAM starts at KERNBASE as on
   xv6; PHYSTOP is the end of RAM as the device tree gives it, so freerange(end, PHYSTOP)
   hands out exactly the RAM above the kernel image. */
#ifndef KMEM_XV6_MEMLAYOUT_H
#define KMEM_XV6_MEMLAYOUT_H

extern unsigned long xv6_phystop;

#define KERNBASE 0x80000000L
#define PHYSTOP  xv6_phystop

#endif
