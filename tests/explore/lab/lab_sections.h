/* Included before a lab file when the explorer builds it (-include): every variable the
   file defines goes into sections of its own, which target_lab.c saves at start and puts
   back before each schedule, so that every schedule starts from the file's initial state
   (its lists empty, its counters zero), as a fresh boot does. */
#pragma clang section bss = "lab_bss" data = "lab_data"
