/* Host build: a report that never returns is an ordinary call (see the RISC-V version for
   why the kernel hides it). */
#ifndef KMEM_NORETURN_CALL_H
#define KMEM_NORETURN_CALL_H

#define noreturn_call(fn, arg)                                                                     \
    do {                                                                                           \
        fn(arg);                                                                                   \
        __builtin_unreachable();                                                                   \
    } while (0)

#endif
