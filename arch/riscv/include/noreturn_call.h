/* Reaching a report that never returns from a fast path without making the path pay for
   a call. A call the compiler can see, even to a noreturn function on a cold branch, makes
   GCC 12 give the whole function a stack frame (it must save ra for the call), which costs
   a kalloc or a kfree about eight instructions every time. Hidden in an asm statement, the
   call clobbers ra unseen, which is harmless because it never comes back; the report finds
   where it was called from in its own return address. */
#ifndef KMEM_NORETURN_CALL_H
#define KMEM_NORETURN_CALL_H

/* fn(arg): fn is the name of an extern function of one pointer-sized argument. */
#define noreturn_call(fn, arg)                                                                     \
    do {                                                                                           \
        register unsigned long __a0 __asm__("a0") = (unsigned long)(arg);                          \
        __asm__ volatile("call " #fn : : "r"(__a0));                                               \
        __builtin_unreachable();                                                                   \
    } while (0)

#endif
