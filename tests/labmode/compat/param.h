/* Lab mode: xv6's limits. Lab files size their per-CPU arrays with NCPU, so the kernel
   refuses to run one on more harts than this (tests/labmode/xv6_adapter.c). */
#ifndef KMEM_XV6_PARAM_H
#define KMEM_XV6_PARAM_H

/* The schedule explorer builds lab files with fewer (tests/explore/CMakeLists.txt). */
#ifndef NCPU
#define NCPU 8
#endif

#endif
