// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: no C library at all: a system call of its own (creat) on the host, where the
// explorer runs the file natively, and an SBI call of its own (a shutdown) in the kernel.
#if defined(__x86_64__)
static void own_call(void) {
  static const char path[] = "/tmp/kmem-hostile-raw-syscall";
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(85L), "D"(path), "S"(0644L) : "rcx", "r11", "memory");
}
#else
static void own_call(void) {
  register long a7 asm("a7") = 0x53525354, a6 asm("a6") = 0, a0 asm("a0") = 0, a1 asm("a1") = 0;
  asm volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a7), "r"(a6) : "memory");
}
#endif
#define HOOK_KINIT() own_call()
#include "correct.c"
