# Lab mode's one rename list: a lab kalloc.c's entry points and the kernel calls it makes,
# renamed xv6_* when the file is compiled, so that the side around it (the kernel's
# tests/labmode/xv6_adapter.c and lab_checks.c, the explorer's tests/explore/target_lab.c
# and lab_rules.c) can count and check each call before doing the real thing. memset:
# kinit's junk fills count the pages it hands over; memmove and end: the host has its own.
# And the lock lab's defines, as xv6's Makefile passes them: files keep their per-CPU code
# under #ifdef LAB_LOCK. Used by cmake/KmemKernel.cmake and tests/explore/CMakeLists.txt;
# scripts/labmode/kit.py takes the compile commands from ninja, so it follows.
set(KMEM_LAB_RENAMES kalloc=xv6_kalloc kfree=xv6_kfree kinit=xv6_kinit acquire=xv6_acquire
    initlock=xv6_initlock memset=xv6_memset memmove=xv6_memmove end=xv6_end
    LAB_LOCK SOL_LOCK)
