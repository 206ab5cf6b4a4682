# kmem_qemu_test(NAME KERNEL target [SMP n] [MEM size] [APPEND "args"] [STATUS n]
#                [TIMEOUT secs] [EXPECT regex...] [REJECT regex...] [LABELS label...]
#                [QEMU_ARGS arg...] [KEEP_LOG])
# One ctest case = one QEMU boot, judged by tests/judges/qemu_check on exit status and output.
# KEEP_LOG: the output is kept (kmem_case_log) for cases that judge the same run again
# (docs.drift.*, the lab's per-year cases), which name it with kmem_reads_log.
include(${CMAKE_CURRENT_LIST_DIR}/KmemCaseLog.cmake)

function(kmem_qemu_test name)
  cmake_parse_arguments(T "KEEP_LOG" "KERNEL;SMP;MEM;APPEND;STATUS;TIMEOUT"
                        "EXPECT;REJECT;LABELS;QEMU_ARGS" ${ARGN})
  if(NOT T_KERNEL)
    message(FATAL_ERROR "kmem_qemu_test(${name}): KERNEL is required")
  endif()
  set(default_SMP 8)
  set(default_MEM 128M)
  set(default_STATUS 0)
  set(default_TIMEOUT 60)
  foreach(var SMP MEM STATUS TIMEOUT)
    if(NOT DEFINED T_${var})
      set(T_${var} ${default_${var}})
    endif()
  endforeach()

  set(checks --timeout ${T_TIMEOUT} --status ${T_STATUS})
  foreach(re IN LISTS T_EXPECT)
    list(APPEND checks --expect "${re}")
  endforeach()
  foreach(re IN LISTS T_REJECT)
    list(APPEND checks --reject "${re}")
  endforeach()

  set(prefix)
  if(T_KEEP_LOG)
    kmem_case_log(${name} log prefix)
  endif()
  add_test(NAME ${name}
    COMMAND ${prefix} ${CMAKE_SOURCE_DIR}/tests/judges/qemu_check ${checks} --
            --kernel $<TARGET_FILE:${T_KERNEL}> --smp ${T_SMP} --mem ${T_MEM}
            --append "${T_APPEND}" -- ${T_QEMU_ARGS})
  # ctest's own limit is a backstop behind qemu_check's, which kills QEMU first.
  math(EXPR ctest_timeout "${T_TIMEOUT} + 30")
  set_tests_properties(${name} PROPERTIES
    TIMEOUT ${ctest_timeout}
    LABELS "qemu;${T_LABELS}"
    ENVIRONMENT "KMEM_QEMU=${KMEM_QEMU}")
  if(T_KEEP_LOG)
    kmem_keeps_log(${name})
  endif()
  if(NOT T_STATUS EQUAL 3)
    set_tests_properties(${name} PROPERTIES FAIL_REGULAR_EXPRESSION "panic: ")
  endif()
endfunction()
