# ctest cases of the lab's own programs (tests/kalloctest/): kalloctest of every year and
# usertests, under each policy, on injected bugs and in lab mode.

# The lab's own tests (scripts/run --lab all): kalloctest of every version and usertests'
# memory checks in one boot per policy and hart count (the lab's CPUS, 3, and 8), kept;
# then a case per version judges its part of that boot (tests/judges/section_check).
# perhart and cached must pass every test; the shared baseline must fail exactly the contention tests
# (judged on tot) and pass the memory tests, so the cases fail if the lock counters stop
# seeing contention.
set(lab_versions
  "2019|^test0 OK$|^test1 OK$|^test0 FAIL$|^test1 OK$"
  "2020|^test1 OK$|^test2 OK$|^test1 FAIL$|^test2 OK$"
  "2022|^test1 OK$|^test2 OK$|^test3 OK$|^test1 FAIL$|^test2 OK$|^test3 OK$"
  "2024|^test1 OK$|^test2 OK$|^test3 OK$|^test1 FAIL$|^test2 OK$|^test3 FAIL m [0-9]+ n [0-9]+$"
  "2025|^test1 OK$|^test2 OK$|^test3 OK$|^test4 OK$|^test1 FAIL$|^test2 OK$|^test3 OK$|^test4 FAIL m [0-9]+ n [0-9]+$")
set(lab_all "test=kalloctest2019,kalloctest2020,kalloctest2022,kalloctest2024,kalloctest2025,usertests")
# At 8 harts in every run (docs/kalloctest.md's results tables come from those boots), at 3 with --all;
# the cached policy's at 8 with --all too (its standard set runs in every run).
set(lab_tier_3 slow)
set(lab_tier_8 "")
foreach(smp 3 8)
  kmem_qemu_test(lab.kalloctest.perhart.smp${smp} KERNEL kmem-perhart SMP ${smp}
    APPEND "${lab_all}" TIMEOUT 300 KEEP_LOG
    EXPECT "^ALL TESTS PASSED$" "^lab results: [0-9]+ tests, [0-9]+ OK, 0 failed$"
           "^6 passed, 0 failed$"
    REJECT "FAIL" LABELS lab ${lab_tier_${smp}})
  # The cached policy passes every test too; its locks are taken a few times a batch, so
  # its tot does not depend on the host being idle (not RUN_SERIAL).
  kmem_qemu_test(lab.kalloctest.cached.smp${smp} KERNEL kmem-cached SMP ${smp}
    APPEND "${lab_all}" TIMEOUT 300 KEEP_LOG
    EXPECT "^ALL TESTS PASSED$" "^lab results: [0-9]+ tests, [0-9]+ OK, 0 failed$"
           "^6 passed, 0 failed$"
    REJECT "FAIL" LABELS lab slow)
  # The shared baseline's at both hart counts with --all: in every run, grade.small's
  # starter file (one list, one lock) fails the contention tests and passes the memory ones.
  kmem_qemu_test(lab.kalloctest.shared.smp${smp} KERNEL kmem-shared SMP ${smp}
    APPEND "${lab_all}" TIMEOUT 300 STATUS 1 KEEP_LOG
    EXPECT "^ALL TESTS PASSED$" "^  [0-9-]+ +test[0-9] +memory .* OK$" "^1 passed, 5 failed$"
    REJECT "^  [0-9-]+ +test[0-9] +memory .* FAIL$" "^  [0-9-]+ +test[0-9] +contention .* OK$"
    LABELS lab slow)
  # "If you use a machine that's doing other things, the counts that kalloctest prints
  # will be nonsense" (the lab's text): with another QEMU on the 2 host cores, shared's
  # two children can run one at a time and pass test1 (seen once), or a vCPU holding a
  # lock can lose its core while another spins. Contention is judged on an idle host.
  set_tests_properties(lab.kalloctest.perhart.smp${smp} lab.kalloctest.shared.smp${smp}
    PROPERTIES RUN_SERIAL TRUE)
endforeach()
foreach(version IN LISTS lab_versions)
  string(REPLACE "|" ";" version "${version}")
  list(POP_FRONT version year)
  list(LENGTH version n)
  math(EXPR half "${n} / 2")
  math(EXPR last "${half} - 1")
  set(perhart_expect "")
  set(cached_expect "")
  set(shared_expect "")
  foreach(i RANGE ${last})
    list(GET version ${i} line)
    list(APPEND perhart_expect --expect "${line}")
    list(APPEND cached_expect --expect "${line}")
    math(EXPR j "${i} + ${half}")
    list(GET version ${j} line)
    list(APPEND shared_expect --expect "${line}")
  endforeach()
  list(APPEND perhart_expect --expect "^kalloctest${year} OK$" --reject "FAIL")
  list(APPEND cached_expect --expect "^kalloctest${year} OK$" --reject "FAIL")
  list(APPEND shared_expect --expect "^kalloctest${year} FAIL: ")
  foreach(smp 3 8)
    foreach(policy perhart cached shared)
      set(name lab.kalloctest${year}.${policy}.smp${smp})
      add_test(NAME ${name} COMMAND ${CMAKE_SOURCE_DIR}/tests/judges/section_check
        ${KMEM_CASE_LOGS}/lab.kalloctest.${policy}.smp${smp}.log
        --from "^start kalloctest${year}$" --to "^kalloctest${year} (OK|FAIL)"
        ${${policy}_expect})
      set(tier ${lab_tier_${smp}})
      if(NOT policy STREQUAL "perhart")
        set(tier slow)
      endif()
      set_tests_properties(${name} PROPERTIES TIMEOUT 30 LABELS "lab;${tier}")
      kmem_reads_log(${name} lab.kalloctest.${policy}.smp${smp})
    endforeach()
  endforeach()
endforeach()

# The lab's memory tests can fail: kernels with an injected stealing bug fail them with the
# lab's own messages (the lab's 2019 test1, and 2020's test2, whose counting parent moves
# from hart to hart and starts on hart 0).
kmem_qemu_test(lab.mutant.no_steal KERNEL kmem-mutant-no_steal SMP 3 STATUS 1
  APPEND "test=kalloctest2019,usertests"
  EXPECT "^test1 FAILED: cannot allocate enough memory$" "^test sbrkmuch: FAILED$"
         "^SOME TESTS FAILED$" LABELS lab)
kmem_qemu_test(lab.mutant.hart0_never_steals KERNEL kmem-mutant-hart0_never_steals SMP 3
  STATUS 1 APPEND "test=kalloctest2020"
  EXPECT "^test2 FAILED: cannot allocate enough memory$" LABELS lab)

# Lab mode with the lab's own tests (scripts/run --lab 2025 --xv6-kalloc FILE): a correct
# lab-style file passes them all at the lab's CPUS; one that never steals fails test2.
# (slow: grade.small boots the correct file with 2025's tests in every run, as alice's.)
kmem_qemu_test(lab.xv6.correct.kalloctest2025 KERNEL kmem-xv6-correct SMP 3 TIMEOUT 180
  LABELS slow APPEND "test=kalloctest2025,usertests"
  EXPECT "^test1 OK$" "^test2 OK$" "^test3 OK$" "^test4 OK$" "^ALL TESTS PASSED$"
         "^2 passed, 0 failed$" LABELS lab)
kmem_qemu_test(lab.xv6.nosteal.kalloctest2025 KERNEL kmem-xv6-nosteal SMP 3 STATUS 1 LABELS slow
  APPEND "test=kalloctest2025,usertests"
  EXPECT "^test2 FAIL: losing pages 128 [0-9]+$" "^test sbrkmuch: FAILED$" LABELS lab)
set_tests_properties(lab.xv6.correct.kalloctest2025 PROPERTIES RUN_SERIAL TRUE)
