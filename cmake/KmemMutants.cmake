# The mutation check's bugs, read from mm/kmem_mutants.def (one MUTANT(name, id, policy,
# "how it is caught", "what is wrong") a line): sets KMEM_MUTANT_NAMES and, per name,
# KMEM_MUTANT_ID_<name>, KMEM_MUTANT_POLICY_<name> (perhart or cached) and
# KMEM_MUTANT_ARGS_<name> (a kernel command line, "host" or "explore").
file(STRINGS ${CMAKE_SOURCE_DIR}/mm/kmem_mutants.def _lines REGEX "^MUTANT\\(")
set(KMEM_MUTANT_NAMES)
foreach(line IN LISTS _lines)
  if(NOT line MATCHES "^MUTANT\\(([a-z0-9_]+), ([0-9]+), (perhart|cached), \"([^\"]*)\", \"([^\"]*)\"\\)$")
    message(FATAL_ERROR "mm/kmem_mutants.def: cannot read: ${line}")
  endif()
  list(APPEND KMEM_MUTANT_NAMES ${CMAKE_MATCH_1})
  set(KMEM_MUTANT_ID_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
  set(KMEM_MUTANT_POLICY_${CMAKE_MATCH_1} ${CMAKE_MATCH_3})
  set(KMEM_MUTANT_ARGS_${CMAKE_MATCH_1} "${CMAKE_MATCH_4}")
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/mm/kmem_mutants.def)

# kmem_mutation_test(NAME STATUS n BOUND secs EXPECT regex...): the kernel with mutant NAME
# boots with the def file's command line, and must end with exit status n and print every
# regex, within BOUND seconds (the case's timeout is far above it: a mutant caught by the
# timeout fails the case). Label: mutation.
function(kmem_mutation_test name)
  cmake_parse_arguments(M "" "STATUS;BOUND;SMP" "EXPECT" ${ARGN})
  if(NOT DEFINED KMEM_MUTANT_ID_${name})
    message(FATAL_ERROR "kmem_mutation_test(${name}): no such mutant in mm/kmem_mutants.def")
  endif()
  if(NOT M_SMP)
    set(M_SMP 8)
  endif()
  kmem_kernel(kmem-mutant-${name} POLICY ${KMEM_MUTANT_POLICY_${name}} TEST_HOOKS
    MUTANT ${KMEM_MUTANT_ID_${name}})
  kmem_qemu_test(mutation.${name} KERNEL kmem-mutant-${name} SMP ${M_SMP}
    APPEND "${KMEM_MUTANT_ARGS_${name}}" STATUS ${M_STATUS} TIMEOUT ${M_BOUND}
    EXPECT ${M_EXPECT} LABELS mutation)
endfunction()
