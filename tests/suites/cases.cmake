# ctest cases of kmem's own suites (tests/suites/): one QEMU boot each
# (cmake/KmemQemuTest.cmake), judged by tests/judges/qemu_check on the lines below.

# boot: every hart of the device tree comes up and reports in.
foreach(smp 1 2 4 8 16)
  kmem_qemu_test(boot.smp${smp} KERNEL kmem-perhart SMP ${smp} APPEND "test=boot"
    EXPECT "boot: ${smp} of ${smp} harts up" "^boot OK$" "^1 passed, 0 failed$")
endforeach()
kmem_qemu_test(boot.smp64 KERNEL kmem-perhart SMP 64 APPEND "test=boot"
  EXPECT "boot: 64 of 64 harts up" "^boot OK$" "^1 passed, 0 failed$" LABELS slow)
kmem_qemu_test(boot.smp128 KERNEL kmem-perhart SMP 128 APPEND "test=boot" TIMEOUT 240
  EXPECT "boot: 128 of 128 harts up" "^boot OK$" LABELS slow)

# Idle harts sleep in wfi with no timer under it: every dispatch and every token pass must
# wake its hart (a lost wakeup panics in on_harts, naming the hart, or hangs the ring).
foreach(smp 2 5 8)
  set(tier "")
  if(smp EQUAL 5)
    set(tier slow)
  endif()
  kmem_qemu_test(wakeup.smp${smp} KERNEL kmem-perhart SMP ${smp} APPEND "test=wakeup" TIMEOUT 120
    EXPECT "^wakeup: 200 dispatches, [0-9]+ bodies run on ${smp} harts" "^wakeup OK$"
    LABELS ${tier})
endforeach()

# OpenSBI 1.1 can send a secondary hart to the kernel's entry at boot (arch/riscv/entry.S):
# one started there on purpose must come up as a secondary, the kernel's state intact.
foreach(smp 2 8)
  set(tier "")
  if(smp EQUAL 8)
    set(tier slow)
  endif()
  # test2's count of every page after the late entry: 5 rounds, not kalloctest's 50 (the
  # count, not its repetition, is what shows no page was lost; 50 took 15 s here).
  kmem_qemu_test(lateentry.smp${smp} KERNEL kmem-perhart SMP ${smp}
    APPEND "test=lateentry,test2 rounds=5"
    EXPECT "^lateentry: hart id [0-9]+ started at the kernel's entry came back as index [0-9]+; .bss intact: yes$"
           "^lateentry OK$" "^test2 OK$" LABELS ${tier})
endforeach()

# A machine with more harts than the kernel was built for is refused with the fix named.
kmem_kernel(kmem-max4 POLICY perhart MAX_HARTS 4)
kmem_qemu_test(boot.too_many_harts KERNEL kmem-max4 SMP 8 APPEND "test=boot" STATUS 3
  EXPECT "^panic: hart_table_init: the device tree lists 8 harts but this kernel supports 4 \\(rebuild with -DKMEM_MAX_HARTS=8\\)")
kmem_qemu_test(boot.max4_at_4 KERNEL kmem-max4 SMP 4 APPEND "test=boot"
  EXPECT "^boot: 4 of 4 harts up$")

# Boot must not touch every page: under -icount (exact instruction counts) booting 1 GiB
# takes well under a million instructions (threading every page took 14.7 million).
kmem_qemu_test(boot.cost_1G KERNEL kmem-perhart SMP 1 MEM 1G APPEND "test=bench_boot"
  QEMU_ARGS -icount shift=0,sleep=off
  EXPECT "^BENCH test=boot .* instret=[0-9]{1,6} ")


# The lock watchdog turns an AB/BA deadlock into a diagnosis and exit status 4.
kmem_qemu_test(watchdog.deadlock KERNEL kmem-perhart SMP 2 STATUS 4
  APPEND "test=deadlock watchdog_ms=1000"
  EXPECT "^watchdog: hart id [0-9]+ \\(index [01]\\) has waited [0-9]+ ms for lock deadlock\\.[ab]$"
         "^watchdog:   deadlock\\.[ab] is held by hart id [0-9]+ \\(index [01]\\), which waits for deadlock\\.[ab]$"
         "deadlock, a cycle of 2 harts$")

# Only harts on the cycle are counted: a third hart waiting on an AB/BA cycle is listed
# apart. A long wait with no cycle is starvation: the run goes on past the bound, and a
# holder that never lets go ends it at STARVATION_FACTOR (6) bounds, called starvation.
kmem_qemu_test(watchdog.deadlock_waiter KERNEL kmem-perhart SMP 3 STATUS 4
  APPEND "test=deadlock watchdog_ms=1000"
  EXPECT "^watchdog: hart id [0-9]+ \\(index 2\\) has waited [0-9]+ ms for lock deadlock\\.a$"
         "deadlock, a cycle of 2 harts$" "^watchdog:   and 1 more hart waiting on the cycle")
kmem_qemu_test(watchdog.starve KERNEL kmem-perhart SMP 2 APPEND "test=starve watchdog_ms=500"
  EXPECT "^starve OK$")
kmem_qemu_test(watchdog.starve_stuck KERNEL kmem-perhart SMP 2 STATUS 4
  APPEND "test=starve_stuck watchdog_ms=500"
  EXPECT "^watchdog: hart id [0-9]+ \\(index 1\\) has waited 3[0-9]{3} ms for lock starve\\.held$"
         "which is not waiting for a lock: no cycle, so this is starvation")

# The formatter, and an unexpected trap.
kmem_qemu_test(printf KERNEL kmem-perhart SMP 1 APPEND "test=printf" EXPECT "^printf OK$")
kmem_qemu_test(trap.fault KERNEL kmem-perhart SMP 2 APPEND "test=fault" STATUS 3
  EXPECT "^panic: kernel_trap: load access fault scause=0x5 sepc=0x[0-9a-f]+ stval=0x8 .*\\[hart id [0-9]+, index 0\\]$")

# The command line is checked before anything runs.
kmem_qemu_test(cmdline.unknown_test KERNEL kmem-perhart SMP 2 APPEND "test=nosuch" STATUS 2
  KEEP_LOG EXPECT "unknown test 'nosuch'" "known tests" "boot")
kmem_qemu_test(cmdline.unknown_option KERNEL kmem-perhart SMP 2 APPEND "nosuch=1" STATUS 2
  EXPECT "unknown option 'nosuch'")
kmem_qemu_test(cmdline.bad_cache KERNEL kmem-cached SMP 2 APPEND "cache_batch=32 cache_high=48"
  STATUS 2 EXPECT "^cache_high=48 with cache_batch=32: high must be at least 2 \\* batch and at most 128$")
kmem_qemu_test(cmdline.bad_number KERNEL kmem-perhart SMP 2 APPEND "test=boot iters=12x" STATUS 2
  EXPECT "option iters: '12x' is not a number")

# The panic path: message, hart, and a failure status.
kmem_qemu_test(panic.deliberate KERNEL kmem-perhart SMP 4 APPEND "test=panic" STATUS 3
  EXPECT "^panic: panic_run: deliberate panic \\(test=panic\\) \\[hart id [0-9]+, index 0\\]$")

# The standard set, as scripts/run runs it, under each policy. The shared baseline must
# fail test1 with a large tot and pass everything else: the counters can see contention,
# and the baseline is correct, only slow (with --all: its kalloctest boot, which fails the
# contention tests and passes the memory tests, runs in every run).
kmem_qemu_test(standard.perhart.smp8 KERNEL kmem-perhart SMP 8 TIMEOUT 180 KEEP_LOG
  EXPECT "^test1 OK$" "^test2 OK$" "^test3 OK$" "^16 passed, 0 failed$"
         "^lock: kmem\\.7: #test-and-set [0-9]+ #acquire\\(\\) [0-9]+$")
# The cached policy: test1's 800000 kalloc+kfree pairs take each kmem lock twice (a
# refill, and the drain when the hart's work ends), not 200000 times.
kmem_qemu_test(standard.cached.smp8 KERNEL kmem-cached SMP 8 TIMEOUT 180 KEEP_LOG
  EXPECT "^test1 OK$" "^test2 OK$" "^test3 OK$" "^16 passed, 0 failed$"
         "^lock: kmem\\.7: #test-and-set [0-9]+ #acquire\\(\\) 2$")
kmem_qemu_test(standard.shared.smp8 KERNEL kmem-shared SMP 8 TIMEOUT 180 STATUS 1 KEEP_LOG
  EXPECT "^test1 FAIL: kmem tot= [0-9]{4,}, the lab requires < 10$" "^test2 OK$" "^test3 OK$"
         "^lock: kmem: #test-and-set [0-9]+ #acquire\\(\\) 1600000$" "^15 passed, 1 failed$"
  LABELS slow)

# kalloctest and the memory checks at other hart counts than the standard set's 8 (one boot
# per hart count), with --all.
foreach(smp 1 2 3 4 16)
  set(tier slow)
  kmem_qemu_test(kalloc.perhart.smp${smp} KERNEL kmem-perhart SMP ${smp} TIMEOUT 180
    APPEND "test=test1,test2,sbrkmuch,exhaust"
    EXPECT "^test1 OK$" "^test2 OK$" "^sbrkmuch OK$" "^exhaust OK$" "^4 passed, 0 failed$"
    LABELS ${tier})
endforeach()

# The cached policy's kalloctest and memory checks at other hart counts, with the smallest
# cache its rule allows (a refill and a drain every page or two: the lists and stealing
# under every cache operation), with --all.
foreach(smp 2 3 16)
  kmem_qemu_test(kalloc.cached.smp${smp}.tiny KERNEL kmem-cached SMP ${smp} TIMEOUT 180
    APPEND "test=test1,test2,test3,sbrkmuch,exhaust,nearoom cache_batch=1 cache_high=2"
    EXPECT "^test1 OK$" "^test2 OK$" "^sbrkmuch OK$" "^exhaust OK$" "^6 passed, 0 failed$"
    LABELS slow)
endforeach()

# The stress suites again with other seeds and hart counts: concurrency bugs hide.
foreach(run "3;2" "5;3" "16;4")
  list(GET run 0 smp)
  list(GET run 1 seed)
  kmem_qemu_test(stress.perhart.smp${smp}.seed${seed} KERNEL kmem-perhart SMP ${smp}
    TIMEOUT 240 APPEND "test=soak,crossfree,exhaust,irq,test4,hartstop seed=${seed}"
    EXPECT "^6 passed, 0 failed$" LABELS stress slow)
  kmem_qemu_test(stress.cached.smp${smp}.seed${seed} KERNEL kmem-cached SMP ${smp}
    TIMEOUT 240 APPEND "test=soak,crossfree,exhaust,irq,test4,hartstop seed=${seed}"
    EXPECT "^6 passed, 0 failed$" LABELS stress slow)
endforeach()

# One hart can take every free page, and all harts at once can too, whichever policy,
# hart count and RAM size (with --all: 8 harts and 128 MiB are the standard sets', every run).
foreach(policy perhart cached shared)
  foreach(smp 1 3 8)
    foreach(mem 128M 1G)
      set(tier slow)
      kmem_qemu_test(memory.${policy}.smp${smp}.${mem} KERNEL kmem-${policy} SMP ${smp}
        MEM ${mem} APPEND "test=sbrkmuch,exhaust" TIMEOUT 180
        EXPECT "^sbrkmuch OK$" "^exhaust OK$" "^2 passed, 0 failed$" LABELS ${tier})
    endforeach()
  endforeach()
endforeach()

# Every bad kfree panics with its own message, naming the address and the hart. The
# messages are pagemap.c's whatever the policy: perhart's kfree meets each in every run,
# the others' kfree the two that take their own paths (a page outside the stretch the
# inline check accepts; the bitmap) in every run and the rest with --all.
set(hart "\\[hart id [0-9]+, index 0\\]$")
set(addr "0x[0-9a-f]+")
foreach(policy perhart cached shared)
  set(tier "")
  if(NOT policy STREQUAL "perhart")
    set(tier slow)
  endif()
  kmem_qemu_test(kfree.unaligned.${policy} KERNEL kmem-${policy} SMP 2 STATUS 3
    APPEND "test=kfree_unaligned" EXPECT "^panic: kfree: ${addr} is not page-aligned ${hart}"
    LABELS ${tier})
  kmem_qemu_test(kfree.kernel.${policy} KERNEL kmem-${policy} SMP 2 STATUS 3
    APPEND "test=kfree_kernel"
    EXPECT "^panic: kfree: 0x80200000 lies below the end of the kernel image \\(${addr}\\) ${hart}"
    LABELS ${tier})
  kmem_qemu_test(kfree.pastend.${policy} KERNEL kmem-${policy} SMP 2 STATUS 3
    APPEND "test=kfree_pastend"
    EXPECT "^panic: kfree: 0x88000000 is at or past the end of RAM \\(0x88000000\\) ${hart}"
    LABELS ${tier})
  kmem_qemu_test(kfree.reserved.${policy} KERNEL kmem-${policy} SMP 2 STATUS 3
    APPEND "test=kfree_reserved"
    EXPECT "^panic: kfree: ${addr} is not a page kmem hands out \\(reserved memory or the page bitmap\\) ${hart}")
  kmem_qemu_test(kfree.double.${policy} KERNEL kmem-${policy} SMP 2 STATUS 3
    APPEND "test=kfree_double" EXPECT "^panic: kfree: double free of ${addr} ${hart}")
endforeach()

# Misused locks and push_off panic, naming the lock or pop_off and where they were called
# from (the checks inlined into kalloc and kfree reach their report without a stack frame:
# noreturn_call, arch/riscv/include/noreturn_call.h). The interrupt check is a debug check
# (KMEM_CHECK_INTR): the default preset has it, the release preset not.
kmem_qemu_test(lock.release_unheld KERNEL kmem-perhart SMP 2 STATUS 3 APPEND "test=release_unheld"
  EXPECT "^panic: release: misuse\\.probe is not held by this hart \\(at ${addr}\\) ${hart}")
kmem_qemu_test(lock.acquire_twice KERNEL kmem-perhart SMP 2 STATUS 3 APPEND "test=acquire_twice"
  EXPECT "^panic: acquire: misuse\\.probe is already held by this hart ${hart}")
kmem_qemu_test(lock.popoff_unbalanced KERNEL kmem-perhart SMP 2 STATUS 3
  APPEND "test=popoff_unbalanced"
  EXPECT "^panic: pop_off: not inside push_off \\(at ${addr}\\) ${hart}")
if(KMEM_CHECK_INTR)
  kmem_qemu_test(lock.popoff_intr_on KERNEL kmem-perhart SMP 2 STATUS 3
    APPEND "test=popoff_intr_on"
    EXPECT "^panic: pop_off: interrupts are on inside a push_off section \\(at ${addr}\\) ${hart}")
endif()

# The false out-of-memory race, every run: a thief held in flight by the test hooks while
# another hart drains memory (tests/suites/inflight_suite.c). The real allocator never fails it.
kmem_kernel(kmem-perhart-hooks POLICY perhart TEST_HOOKS)
foreach(smp 2 4 8)
  kmem_qemu_test(inflight.smp${smp} KERNEL kmem-perhart-hooks SMP ${smp} APPEND "test=inflight"
    EXPECT "^inflight: thief hart index [0-9]+ stopped with a batch in flight; [1-9][0-9]* empty"
           "^inflight OK$")
endforeach()

# The mutation check: each bug of mm/kmem_mutants.def, injected into its own kernel, is
# caught by its named test with the status and message below, well inside the bound.
kmem_mutation_test(no_steal STATUS 1 BOUND 60
  EXPECT "^sbrkmuch FAIL: hart index 7 took [0-9]+ pages but [0-9]+ were free$")
kmem_mutation_test(hart0_never_steals STATUS 1 BOUND 60
  EXPECT "^sbrkmuch: hart index 7 took [0-9]+ pages"
         "^sbrkmuch FAIL: hart index 0 took [0-9]+ pages but [0-9]+ were free$")
kmem_mutation_test(steal_holding_own STATUS 4 BOUND 60
  EXPECT "^watchdog: hart id [0-9]+ \\(index [0-7]\\) has waited [0-9]+ ms for lock kmem\\.[0-7]$"
         "deadlock, a cycle of [2-8] harts$")
kmem_mutation_test(one_pass STATUS 1 BOUND 60
  EXPECT "^inflight FAIL: false out of memory: kalloc returned 0 on hart index 0 while [1-9][0-9]* pages were free")
kmem_mutation_test(no_flight_check STATUS 1 BOUND 60
  EXPECT "^inflight FAIL: false out of memory: kalloc returned 0 on hart index 0 while [1-9][0-9]* pages were free")
kmem_mutation_test(cut_loses_page STATUS 3 BOUND 60
  EXPECT "^panic: kalloc: for 3000 ms no steal has found a page, with [1-9][0-9]* pages in flight and 0 on lists at the last of [0-9]+ looks \\(pages lost\\?\\)")
kmem_mutation_test(no_double_free_check STATUS 1 BOUND 60
  EXPECT "^kfree_double FAIL: a double kfree returned$")
kmem_mutation_test(identity_intr_on STATUS 3 BOUND 60
  EXPECT "^panic: kalloc: hart identity read with interrupts on \\(hart index [0-7]\\)")
# The cached policy's (drain_no_lock is a race only the explorer reaches every run).
kmem_mutation_test(refill_drops_page STATUS 1 BOUND 60
  EXPECT "^test2 FAIL: countfree found [0-9]+ pages, the device tree leaves [0-9]+ free")
kmem_mutation_test(no_idle_drain STATUS 1 BOUND 60
  EXPECT "^sbrkmuch FAIL: hart index [0-9]+ took [0-9]+ pages but [0-9]+ were free$")

# A run as a timeline (scripts/run --trace, lib/trace.h), validated by tests/judges/trace_check:
# well-formed for Perfetto, and its lock holds and steals are the kernel's own counts.
# test4 under both per-hart policies, sized so that the rings hold every event: the cached
# policy's (its fast paths take no lock) at 4 harts, and the per-hart policy's, whose
# kalloc and kfree run their traced copy, at 2 (its churners run as long as the hoarder
# takes, 1 round in 32 MiB: some 40000 events a hart, in rings of 600000).
add_test(NAME trace.cached.test4 COMMAND ${CMAKE_SOURCE_DIR}/tests/judges/trace_check
  ${CMAKE_SOURCE_DIR} 150 -- --policy cached --smp 4 --mem 64M --test test4
  --append "test4_rounds=2")
add_test(NAME trace.perhart.test4 COMMAND ${CMAKE_SOURCE_DIR}/tests/judges/trace_check
  ${CMAKE_SOURCE_DIR} 150 -- --smp 2 --mem 32M --test test4
  --append "test4_rounds=1 trace=600000")
set_tests_properties(trace.cached.test4 trace.perhart.test4 PROPERTIES TIMEOUT 180
  LABELS qemu PASS_REGULAR_EXPRESSION "trace_check: PASS" ENVIRONMENT "KMEM_QEMU=${KMEM_QEMU}")
