/* QEMU virt's test device, through which the run's exit status (exit.h) leaves QEMU. */
#ifndef KMEM_MACHINE_H
#define KMEM_MACHINE_H

#include "exit.h"

void machine_set_test_device(unsigned long base);

#endif
