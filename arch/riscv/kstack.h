/* Kernel stack size per hart; included from C and from assembly. */
#ifndef KMEM_KSTACK_H
#define KMEM_KSTACK_H

/* 16 KiB: the harness keeps its arrays off the stack, so this leaves ample headroom for
   printf, the trap frame and nested interrupt handling. */
#define KSTACK_SIZE 16384

#endif
