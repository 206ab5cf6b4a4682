/* Lab mode: xv6's integer type names, for a lab kalloc.c compiled as it is. */
#ifndef KMEM_XV6_TYPES_H
#define KMEM_XV6_TYPES_H

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;
typedef unsigned char uint8;
typedef unsigned short uint16;
typedef unsigned int uint32;
typedef unsigned long uint64;
typedef uint64 pde_t;

#endif
