# ctest cases of lab mode (tests/labmode/): each input of inputs/ as a kernel's allocator,
# judged on the verdict meant for its bug.

# Lab mode: our own lab-style kalloc.c files (tests/labmode/), one correct and one per known
# bug class, each caught by the check meant for it, never by a ctest timeout.
foreach(solution correct deadlock stackname cpuid_nopushoff falseoom nosteal freerange2019
    helpers initone starter labdefine peek seenonly hart0 leak splitkinit deadname spinwait
    waitfree keeplast)
  kmem_xv6_kernel(kmem-xv6-${solution} ${CMAKE_SOURCE_DIR}/tests/labmode/inputs/${solution}.c)
endforeach()
set(lab_standard "18 passed, 0 failed")
# The correct file through the whole standard set, at the lab's 3 harts in every run
# (docs.drift.lab reads its verdicts) and at 8 with --all.
kmem_qemu_test(lab.correct KERNEL kmem-xv6-correct SMP 3 TIMEOUT 180 KEEP_LOG
  EXPECT "^test1 OK$" "^test2 OK$" "^test3 OK$" "^sbrkmuch OK$" "^labcheck OK$" "^${lab_standard}$")
kmem_qemu_test(lab.correct.smp8 KERNEL kmem-xv6-correct SMP 8 TIMEOUT 180 LABELS slow
  EXPECT "^test1 OK$" "^test2 OK$" "^test3 OK$" "^sbrkmuch OK$" "^labcheck OK$" "^${lab_standard}$")
# Fall 2019's freerange hands over one page less: a correct file must still pass everything,
# counted from what its kinit handed over (measured), with the shortfall as information.
kmem_qemu_test(lab.freerange2019 KERNEL kmem-xv6-freerange2019 SMP 8 TIMEOUT 180 LABELS slow
  EXPECT "^kmem: lab mode: your freerange leaves out 1 page \\(information"
         "^test2 OK$" "^sbrkmuch OK$" "^labcheck OK$" "^${lab_standard}$")
# Files that differ from correct.c only in what later years' xv6 offers (proc.h, mycpu() -
# cpus, atomic_read4) or in keeping the per-CPU code under #ifdef LAB_LOCK: all ok.
kmem_qemu_test(lab.helpers KERNEL kmem-xv6-helpers SMP 8 TIMEOUT 180 LABELS slow
  EXPECT "^labcheck OK$" "^${lab_standard}$")
kmem_qemu_test(lab.labdefine KERNEL kmem-xv6-labdefine SMP 8 TIMEOUT 180
  APPEND "test=test1,sbrkmuch,labcheck" EXPECT "^test1 OK$" "^labcheck OK$" "^3 passed, 0 failed$")
# Locks set up on one hart only, and the starter's single list: each its own verdict.
kmem_qemu_test(lab.initone KERNEL kmem-xv6-initone SMP 8 STATUS 1 TIMEOUT 180
  APPEND "test=test1,labcheck iters=20000"
  EXPECT "^labcheck: kalloc/kfree take a lock at 0x[0-9a-f]+ that never went through initlock"
         "^  lock names and set-up .*: FOUND$" "^labcheck FAIL: 7 lock name problem")
# (slow: grade.small grades the starter in every run, its test1 FAIL and per-CPU FOUND.)
kmem_qemu_test(lab.starter KERNEL kmem-xv6-starter SMP 8 STATUS 1 TIMEOUT 180 LABELS slow
  APPEND "test=test1,sbrkmuch,labcheck iters=20000"
  EXPECT "^test1 FAIL: kmem tot= [0-9]+" "^sbrkmuch OK$"
         "^  per-CPU lists: +FOUND: one lock for every CPU \\(the starter's single shared list\\)$"
         "^labcheck FAIL: a single shared list")
# A trap inside the lab file still gets every verdict (last words, lib/panic.c): the fault
# is explained (NULL, or one of kalloc's and kfree's fill patterns) and the rest judged.
kmem_qemu_test(lab.peek KERNEL kmem-xv6-peek SMP 4 STATUS 3 TIMEOUT 120 APPEND "test=test1"
  EXPECT "^panic: kernel_trap: load access fault scause=0x5 sepc=0x[0-9a-f]+ stval=0x0 "
         "^lab verdicts \\(the run ended early: the rest did not run\\):$"
         "^  a trap or panic in the allocator: +FOUND \\(a fault at pc 0x[0-9a-f]+, address 0x0: a NULL pointer"
         "^  lock names and set-up .*: ok$")
# Partial stealing: every hart must reach every list, including hart 0, and including a
# list only freed to by a hart that never allocated.
kmem_qemu_test(lab.seenonly KERNEL kmem-xv6-seenonly SMP 8 STATUS 1 TIMEOUT 120
  APPEND "test=handoff,sbrkmuch,labcheck"
  EXPECT "^handoff FAIL: hart index 1 took 0 pages but [0-9]+ were free, all freed by hart index 7"
         "^  stealing .*: FOUND$" "^labcheck FAIL: one hart cannot get all memory")
kmem_qemu_test(lab.hart0 KERNEL kmem-xv6-hart0 SMP 8 STATUS 1 TIMEOUT 120
  APPEND "test=sbrkmuch,labcheck"
  EXPECT "^sbrkmuch FAIL: hart index 0 took [0-9]+ pages but [0-9]+ were free$"
         "^  stealing .*: FOUND$" "^labcheck FAIL: one hart cannot get all memory")
# A steal that drops pages: the free pages are counted after every suite, and the first
# suite after which some are missing is named.
kmem_qemu_test(lab.leak KERNEL kmem-xv6-leak SMP 8 STATUS 1 TIMEOUT 120
  APPEND "test=handoff,test1,labcheck iters=2000"
  EXPECT "^labcheck: after handoff, the harts together found [0-9]+ of the [0-9]+ pages kinit handed over: [1-9][0-9]* pages lost$"
         "^  pages lost: +FOUND \\([1-9][0-9]* pages missing after handoff"
         "^labcheck FAIL: [1-9][0-9]* pages lost after handoff")
# A kinit that splits RAM by bytes hands over fewer pages: information, and no other verdict.
kmem_qemu_test(lab.splitkinit KERNEL kmem-xv6-splitkinit SMP 8 TIMEOUT 120 LABELS slow
  APPEND "test=handoff,test2,sbrkmuch,labcheck"
  EXPECT "^kmem: lab mode: your freerange leaves out [1-9][0-9]* pages? \\(information"
         "^test2 OK$" "^sbrkmuch OK$" "^labcheck OK$")
# Two bugs, one of which ends the run: both verdicts still print.
kmem_qemu_test(lab.deadname KERNEL kmem-xv6-deadname SMP 8 STATUS 4 TIMEOUT 120
  APPEND "test=exhaust watchdog_ms=3000"
  EXPECT "^labcheck: initlock\\(\"kmem[0-7]\"\\) names lock [0-7] from a kernel stack"
         "deadlock, a cycle of [2-8] harts$" "^  deadlock while stealing \\(AB/BA\\): +FOUND"
         "^  lock names and set-up .*: FOUND$")
# A file in an xv6 tree calls a helper only the tree's defs.h declares: scripts/run takes
# that declaration (scripts/labmode/xv6_tree.py), and the file builds and runs, on the explorer
# (which finds its one-pass race) and in the boot (whose test1 passes); the one verdict
# table says which evidence is whose.
add_test(NAME lab.tree COMMAND bash -c "out=$(\"$0\" --smp 2 --test test1 --append iters=1000 --xv6-kalloc \"$1\" 2>&1); echo \"$out\"; grep -q \"from your tree's .*defs.h: steal_from\" <<<\"$out\" && grep -q '^2 passed, 0 failed$' <<<\"$out\" && grep -qE '^  false out-of-memory under a race +FOUND +explorer: in exhaust, 1 preemption' <<<\"$out\" && grep -qE \"^  kalloctest's lock contention \\(tot\\) +ok +QEMU, 2 harts: test1 OK\" <<<\"$out\""
  ${CMAKE_SOURCE_DIR}/scripts/run ${CMAKE_SOURCE_DIR}/tests/labmode/inputs/tree/kernel/kalloc.c)
# (slow: grade.small grades this tree, as carol's folder, in every run.)
set_tests_properties(lab.tree PROPERTIES TIMEOUT 300 LABELS "lab;qemu;slow"
  ENVIRONMENT "KMEM_QEMU=${KMEM_QEMU}")
kmem_qemu_test(lab.deadlock KERNEL kmem-xv6-deadlock SMP 8 STATUS 4 TIMEOUT 120
  APPEND "test=exhaust watchdog_ms=3000"
  EXPECT "^watchdog: hart id [0-9]+ \\(index [0-7]\\) has waited [0-9]+ ms for lock kmem[0-7]$"
         "is held by hart id [0-9]+ \\(index [0-7]\\): deadlock, a cycle of [2-8] harts$"
         "^  deadlock while stealing \\(AB/BA\\): +FOUND" "^  lock names and set-up .*: ok$")
kmem_qemu_test(lab.stackname KERNEL kmem-xv6-stackname SMP 8 STATUS 1 TIMEOUT 180
  APPEND "test=test1,labcheck iters=20000"
  EXPECT "^labcheck: initlock\\(\"kmem3\"\\) names lock 3 from a kernel stack at 0x[0-9a-f]+"
         "^labcheck: lock [0-9]+'s name \"kmem[0-7]\" lives on a kernel stack at 0x[0-9a-f]+$"
         "^labcheck FAIL: [0-9]+ lock name problem")
kmem_qemu_test(lab.cpuid KERNEL kmem-xv6-cpuid_nopushoff SMP 8 STATUS 1 TIMEOUT 180
  APPEND "test=test1,labcheck iters=20000"
  EXPECT "^  cpuid\\(\\) with interrupts on: +FOUND \\([0-9]+ calls, from 0x[0-9a-f]+( 0x[0-9a-f]+)*\\)$"
         "^labcheck FAIL: cpuid\\(\\) called with interrupts on")
# The one-pass stealer is caught by the schedule hook every run (labrace holds its thief
# between the victim's lock and its own while another hart drains), not by chance; the
# correct files pass labrace in their standard runs above.
kmem_qemu_test(lab.falseoom KERNEL kmem-xv6-falseoom SMP 8 STATUS 1 TIMEOUT 120
  APPEND "test=labrace,labcheck"
  EXPECT "^labrace FAIL: false out of memory: kalloc returned 0 on hart index 0 while [1-9][0-9]* pages were in the thief's hands"
         "^  false out-of-memory \\(labrace, .*: FOUND$"
         "^labcheck FAIL: kalloc returned 0 with pages free")
kmem_qemu_test(lab.nosteal KERNEL kmem-xv6-nosteal SMP 8 STATUS 1 TIMEOUT 180
  APPEND "test=sbrkmuch,labcheck"
  EXPECT "^sbrkmuch FAIL: hart index [0-9]+ took [0-9]+ pages but [0-9]+ were free$"
         "^labcheck FAIL: one hart cannot get all memory")
# A call that never returns ends the run as a livelock within the progress watchdog's bound
# (tests/labmode/lab_progress.c), with the line it spins on: kalloc waiting for a free page
# with interrupts on (the timer's pc), through the whole of lab mode (explorer, boot, one
# table); and a kalloc that steals again for ever with interrupts off (the line of its
# acquire), in a boot alone.
add_test(NAME lab.livelock COMMAND bash -c "
  line=$(grep -n 'BUG: waits for a free page' $2 | cut -d: -f1)
  out=$($0 --xv6-kalloc $1 --smp 2 --test sbrkmuch --time-bound 60 2>&1); status=$?
  grep -vE '^ +(step|in) ' <<<\"$out\" | tail -25
  [ $status = 4 ] &&
    grep -qE '^  livelock: a call that never returns +FOUND +explorer: in [a-z]+, 0 preemptions .*QEMU, 2 harts: hart index [0-1] inside one kalloc' <<<\"$out\" &&
    grep -qE \"^  0x[0-9a-f]+ \\(the livelock\\): kalloc \\(tests/labmode/inputs/correct.c:$line\" <<<\"$out\" ||
    { echo \"status $status; no livelock at correct.c:$line\"; exit 1; }
  echo lab.livelock: PASS"
  ${CMAKE_SOURCE_DIR}/scripts/run ${CMAKE_SOURCE_DIR}/tests/labmode/inputs/waitfree.c
  ${CMAKE_SOURCE_DIR}/tests/labmode/inputs/correct.c)
set_tests_properties(lab.livelock PROPERTIES TIMEOUT 180 LABELS "lab;qemu"
  ENVIRONMENT "KMEM_QEMU=${KMEM_QEMU}" PASS_REGULAR_EXPRESSION "lab.livelock: PASS")
kmem_qemu_test(lab.spinwait KERNEL kmem-xv6-spinwait SMP 4 STATUS 4 TIMEOUT 120 LABELS slow
  APPEND "test=sbrkmuch,labcheck"
  EXPECT "^watchdog: hart index [0-3] has been inside one kalloc for [0-9]+ ms with interrupts off: livelock \\(a call that never returns\\), calling acquire from 0x[0-9a-f]+$"
         "^  livelock \\(a call that never returns\\): +FOUND"
         "^@kmem\twhere\t0x[0-9a-f]+\treturn\tthe livelock$")
# A page handed out twice stops the boot at the kalloc that returned it again
# (tests/labmode/lab_held.c), before kmem's lists of held pages become a cycle.
kmem_qemu_test(lab.keeplast KERNEL kmem-xv6-keeplast SMP 4 STATUS 3 TIMEOUT 120
  APPEND "test=test1,sbrkmuch,labcheck iters=20000"
  EXPECT "^panic: kalloc: your kalloc returned page 0x[0-9a-f]+, which it had handed out and nobody had freed: a page handed out twice"
         "^  a page handed out twice: +FOUND"
         "^@kmem\tverdict\tdouble_alloc\tFOUND\t"
         "^@kmem\tverdict\tcrash\tok\t")
# The sandbox each step of lab mode runs in (scripts/labmode/sandbox.py), tried with shell
# commands a submission past every check would run: contained, and reported as what it is.
add_test(NAME lab.sandbox COMMAND ${CMAKE_SOURCE_DIR}/tests/judges/sandbox_check
  ${KMEM_CASE_LOGS}/lab.sandbox)
set_tests_properties(lab.sandbox PROPERTIES TIMEOUT 60 LABELS lab
  PASS_REGULAR_EXPRESSION "sandbox_check: PASS")
# No sandbox on the machine (bwrap stands in as /bin/false): a clear message and status 5,
# nothing built; --no-sandbox, the user's explicit choice, builds and explores all the same;
# scripts/grade says so too, and grades nothing (status 1).
add_test(NAME lab.no_sandbox COMMAND bash -c "
  out=$(KMEM_BWRAP=/bin/false $0 --xv6-kalloc $1 --no-boot 2>&1); status=$?
  [ $status = 5 ] && grep -q 'none can be made here' <<<\"$out\" &&
    grep -q 'pass --no-sandbox' <<<\"$out\" ||
    { echo \"without a sandbox: status $status\"; echo \"$out\"; exit 1; }
  out=$(KMEM_BWRAP=/bin/false $0 --xv6-kalloc $1 --no-boot --no-sandbox --explore-bound 0 2>&1)
  status=$?; echo \"$out\" | tail -3
  [ $status = 0 ] && grep -q '^explorer: 0 findings' <<<\"$out\" ||
    { echo \"--no-sandbox: status $status\"; exit 1; }
  report=$(mktemp -d); out=$(KMEM_BWRAP=/bin/false $(dirname $0)/grade -o $report/r $1 2>&1)
  status=$?; rm -rf $report
  [ $status = 1 ] && grep -q 'none can be made here' <<<\"$out\" ||
    { echo \"scripts/grade without a sandbox: status $status\"; echo \"$out\"; exit 1; }
  echo lab.no_sandbox: PASS"
  ${CMAKE_SOURCE_DIR}/scripts/run ${CMAKE_SOURCE_DIR}/tests/labmode/inputs/correct.c)
set_tests_properties(lab.no_sandbox PROPERTIES TIMEOUT 180 LABELS lab
  PASS_REGULAR_EXPRESSION "lab.no_sandbox: PASS")
# Bad command lines of scripts/run: a message, status 2, nothing built or booted.
add_test(NAME lab.run_usage COMMAND bash -c "
  for args in --bogus '--smp 0' '--mem 1Q' --xv6-kalloc '--time-bound 5' --no-sandbox \
              '--xv6-kalloc x.c --time-bound abc' '--xv6-kalloc x.c --time-bound 0' \
              '--xv6-kalloc x.c --smp 9' --trace '--trace t.json --policy shared' \
              '--trace /nonexistent/t.json' '--trace t.json --xv6-kalloc x.c'; do
    out=$($0 $args 2>&1); status=$?
    grep -q '^scripts/run: ' <<<\"$out\" && [ $status = 2 ] ||
      { echo \"scripts/run $args: status $status\"; echo \"$out\"; exit 1; }
  done; echo lab.run_usage: PASS" ${CMAKE_SOURCE_DIR}/scripts/run)
set_tests_properties(lab.run_usage PROPERTIES TIMEOUT 60 LABELS lab
  PASS_REGULAR_EXPRESSION "lab.run_usage: PASS")
# A counterexample drawn (scripts/labmode/check.py): counterexample.html opened in headless
# Chromium, one column per hart and one row per line of the story; its Chrome trace and the
# replay's (--explore-replay with --trace) well formed (tests/judges/story_check).
add_test(NAME lab.counterexample COMMAND ${CMAKE_SOURCE_DIR}/tests/judges/story_check
  ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/tests/labmode/inputs/deadlock.c)
set_tests_properties(lab.counterexample PROPERTIES TIMEOUT 120 LABELS lab
  PASS_REGULAR_EXPRESSION "story_check: PASS")
