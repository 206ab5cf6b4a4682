/* The lab's rules, checked as a lab file runs on the explorer (lab_rules.c); also where
   the file's initlock and acquire (renamed xv6_*) and target.h's rule report and lock
   labels live. */
#ifndef KMEM_EXPLORE_LAB_RULES_H
#define KMEM_EXPLORE_LAB_RULES_H

void lab_rules_boot(void);          /* a fresh boot: no lock initialised, no call open */
void lab_rules_call(int delta);     /* kalloc or kfree entered (1) or left (-1) */
void lab_rules_cpuid(void *caller); /* cpuid()/mycpu() read with interrupts on */

#endif
