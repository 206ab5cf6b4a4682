# kmem_kernel(NAME POLICY perhart|cached|shared [MAX_HARTS n] [NO_DOUBLE_FREE_CHECK] [TEST_HOOKS]
#             [MUTANT id]): a kernel ELF, NAME.elf, built from the layers (arch, lib, kernel,
# the test client) plus one allocation policy's mm/ files. The layers are compiled once
# per MAX_HARTS value (an OBJECT library each), not once per kernel.

# What each layer's files may include, as include paths: a layer sees itself and the
# layers below it, nothing above. arch/riscv/include is the arch interface the portable
# layers use (this_hart, interrupts on/off, the clock); arch/host has the same headers for
# the host build. A layer that includes a header from above it does not compile.
set(_src ${CMAKE_SOURCE_DIR})
set(KMEM_INCLUDES_arch ${_src}/arch/riscv ${_src}/arch/riscv/include ${_src}/lib)
set(KMEM_INCLUDES_lib ${_src}/lib ${_src}/arch/riscv/include)
set(KMEM_INCLUDES_mm ${_src}/mm ${_src}/lib ${_src}/arch/riscv/include)
set(KMEM_INCLUDES_kernel ${_src}/lib/kernel ${_src}/mm ${_src}/lib ${_src}/arch/riscv
  ${_src}/arch/riscv/include)
set(KMEM_INCLUDES_tests ${_src}/tests/harness ${_src}/tests/kalloctest ${KMEM_INCLUDES_kernel})

function(kmem_target_flags target max_harts layer)
  target_compile_options(${target} PRIVATE
    -march=rv64imac -mabi=lp64 -misa-spec=2.2 -mcmodel=medany
    -ffreestanding -fno-common -fno-stack-protector -fno-pie
    -O2 -g -Wall -Wextra -Werror)
  target_compile_definitions(${target} PRIVATE
    KMEM_MAX_HARTS=${max_harts}
    KMEM_POISON=$<BOOL:${KMEM_POISON}>
    KMEM_CHECK_INTR=$<BOOL:${KMEM_CHECK_INTR}>
    KMEM_STEAL_MAX=${KMEM_STEAL_MAX}
    KMEM_TRACE_LOCKS=1) # a timeline's hooks test trace_on (lib/trace.h); mm/ may say otherwise
  if(NOT DEFINED KMEM_INCLUDES_${layer})
    message(FATAL_ERROR "kmem_target_flags(${target}): no layer '${layer}'")
  endif()
  target_include_directories(${target} PRIVATE ${KMEM_INCLUDES_${layer}})
endfunction()

# The flags and linker script every kernel ELF (NAME.elf) is linked with.
function(kmem_link_kernel name max_harts)
  set_target_properties(${name} PROPERTIES SUFFIX ".elf")
  target_link_options(${name} PRIVATE
    -march=rv64imac -mabi=lp64 -mcmodel=medany -nostdlib -static
    -T ${CMAKE_SOURCE_DIR}/linker.ld -Wl,-Map=${name}.map)
  target_link_libraries(${name} PRIVATE gcc)
  set_target_properties(${name} PROPERTIES LINK_DEPENDS ${CMAKE_SOURCE_DIR}/linker.ld)
endfunction()

# The layers below mm and above it, one OBJECT library each per MAX_HARTS value; returns
# the list of their objects in `out`.
function(kmem_layers max_harts out)
  set(objects)
  foreach(layer arch lib kernel tests)
    set(target kmem_${layer}_${max_harts})
    if(NOT TARGET ${target})
      string(TOUPPER ${layer} upper)
      add_library(${target} OBJECT ${KMEM_${upper}_SOURCES})
      kmem_target_flags(${target} ${max_harts} ${layer})
    endif()
    list(APPEND objects $<TARGET_OBJECTS:${target}>)
  endforeach()
  set(${out} ${objects} PARENT_SCOPE)
endfunction()

# mm/: what every policy shares, what the two per-hart ones share, then each policy's own.
set(KMEM_MM_COMMON ${_src}/mm/kmem_init.c ${_src}/mm/memmap.c ${_src}/mm/pagemap.c)
set(KMEM_MM_LISTS ${_src}/mm/kmem_lists.c ${_src}/mm/kmem_steal.c)
set(KMEM_POLICY_SOURCES_perhart ${KMEM_MM_COMMON} ${KMEM_MM_LISTS} ${_src}/mm/kmem_perhart.c)
set(KMEM_POLICY_SOURCES_cached ${KMEM_MM_COMMON} ${KMEM_MM_LISTS} ${_src}/mm/kmem_cached.c)
set(KMEM_POLICY_SOURCES_shared ${KMEM_MM_COMMON} ${_src}/mm/kmem_shared.c)

function(kmem_kernel name)
  cmake_parse_arguments(K "NO_DOUBLE_FREE_CHECK;TEST_HOOKS" "POLICY;MAX_HARTS;MUTANT" "" ${ARGN})
  if(NOT K_POLICY MATCHES "^(perhart|cached|shared)$")
    message(FATAL_ERROR "kmem_kernel(${name}): POLICY must be perhart, cached or shared")
  endif()
  if(NOT K_MAX_HARTS)
    set(K_MAX_HARTS ${KMEM_MAX_HARTS})
  endif()

  add_library(${name}-mm OBJECT ${KMEM_POLICY_SOURCES_${K_POLICY}})
  kmem_target_flags(${name}-mm ${K_MAX_HARTS} mm)
  if(K_NO_DOUBLE_FREE_CHECK)
    target_compile_definitions(${name}-mm PRIVATE KMEM_DOUBLE_FREE_CHECK=0)
  endif()
  # Test kernels only: the steal-path hooks (kmem_policy.set_hooks) and one injected bug.
  if(K_TEST_HOOKS)
    target_compile_definitions(${name}-mm PRIVATE KMEM_TEST_HOOKS=1)
  endif()
  if(K_MUTANT)
    target_compile_definitions(${name}-mm PRIVATE KMEM_MUTANT=${K_MUTANT})
  endif()

  # The per-hart policy's fast paths again, with a timeline's hooks (mm/kmem_perhart.c):
  # every global renamed, so that both copies link; only the copy's kalloc and kfree are
  # reached, through the jumps the trace boot option writes (arch/riscv/text_patch.h).
  set(traced)
  if(K_POLICY STREQUAL "perhart")
    target_compile_definitions(${name}-mm PRIVATE KMEM_HAS_TRACED_COPY=1)
    add_library(${name}-traced OBJECT ${_src}/mm/kmem_perhart.c)
    kmem_target_flags(${name}-traced ${K_MAX_HARTS} mm)
    get_target_property(defs ${name}-mm COMPILE_DEFINITIONS)
    target_compile_definitions(${name}-traced PRIVATE ${defs} KMEM_TRACED_COPY=1
      kalloc=kmem_traced_kalloc kfree=kmem_traced_kfree kmem_policy=kmem_traced_policy
      policy_init=kmem_traced_policy_init kmem_hart_idle=kmem_traced_hart_idle
      kmem_free_count=kmem_traced_free_count kmem_stats=kmem_traced_stats)
    set(traced $<TARGET_OBJECTS:${name}-traced>)
  endif()

  kmem_layers(${K_MAX_HARTS} layers)
  add_executable(${name} ${layers} $<TARGET_OBJECTS:${name}-mm> ${traced})
  kmem_link_kernel(${name} ${K_MAX_HARTS})
endfunction()

# kmem_xv6_kernel(NAME FILE): lab mode. A kernel whose allocator is an xv6 lock-lab
# kalloc.c compiled as it is, against the compatibility headers in tests/labmode/compat/, with
# tests/labmode/xv6_adapter.c putting kmem's allocator interface on top of it.
function(kmem_xv6_kernel name file)
  get_filename_component(file "${file}" ABSOLUTE)
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "kmem_xv6_kernel(${name}): no file ${file}")
  endif()
  # A copy, so that headers lying beside the original (an xv6 tree) are not picked up.
  set(copy ${CMAKE_CURRENT_BINARY_DIR}/${name}-kalloc.c)
  configure_file(${file} ${copy} COPYONLY)

  add_library(${name}-lab OBJECT ${copy})
  kmem_target_flags(${name}-lab ${KMEM_MAX_HARTS} tests)
  target_include_directories(${name}-lab BEFORE PRIVATE ${CMAKE_SOURCE_DIR}/tests/labmode/compat)
  # Last in the search: the file's own folder, for files it includes that compat/ lacks.
  get_filename_component(dir "${file}" DIRECTORY)
  target_include_directories(${name}-lab PRIVATE ${dir})
  # The lab file is the student's: its warnings are shown, not fatal. Its entry points are
  # renamed so that the adapter can count and check around them.
  target_compile_options(${name}-lab PRIVATE -Wno-error)
  target_compile_definitions(${name}-lab PRIVATE ${KMEM_LAB_RENAMES})

  # The adapter takes mm/'s place: the lab file is the allocator.
  # lab_race.c before lab_verdicts.c: suites run in link order, and labcheck comes last.
  add_library(${name}-adapter OBJECT ${CMAKE_SOURCE_DIR}/tests/labmode/xv6_adapter.c
    ${CMAKE_SOURCE_DIR}/tests/labmode/lab_race.c ${CMAKE_SOURCE_DIR}/tests/labmode/lab_checks.c
    ${CMAKE_SOURCE_DIR}/tests/labmode/lab_progress.c ${CMAKE_SOURCE_DIR}/tests/labmode/lab_held.c
    ${CMAKE_SOURCE_DIR}/tests/labmode/lab_records.c
    ${CMAKE_SOURCE_DIR}/tests/labmode/lab_verdicts.c)
  kmem_target_flags(${name}-adapter ${KMEM_MAX_HARTS} tests)
  # compat/ last: only its proc.h (struct cpu) is not shadowed by kmem's own headers.
  target_include_directories(${name}-adapter PRIVATE ${CMAKE_SOURCE_DIR}/tests/labmode
    ${CMAKE_SOURCE_DIR}/tests/labmode/compat)

  kmem_layers(${KMEM_MAX_HARTS} layers)
  add_executable(${name} ${layers} $<TARGET_OBJECTS:${name}-lab>
    $<TARGET_OBJECTS:${name}-adapter>)
  kmem_link_kernel(${name} ${KMEM_MAX_HARTS})
endfunction()
