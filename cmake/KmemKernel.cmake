# kmem_kernel(NAME POLICY perhart|shared [MAX_HARTS n] [NO_DOUBLE_FREE_CHECK]): a kernel
# ELF, NAME.elf, built from
# KMEM_BASE_SOURCES plus one allocation policy's files. The shared sources are compiled once
# per MAX_HARTS value (an OBJECT library each), not once per kernel.

function(kmem_target_flags target max_harts)
  target_compile_options(${target} PRIVATE
    -march=rv64imac -mabi=lp64 -misa-spec=2.2 -mcmodel=medany
    -ffreestanding -fno-common -fno-stack-protector -fno-pie -fno-omit-frame-pointer
    -O2 -g -Wall -Wextra -Werror)
  target_compile_definitions(${target} PRIVATE
    KMEM_MAX_HARTS=${max_harts}
    KMEM_POISON=$<BOOL:${KMEM_POISON}>
    KMEM_STEAL_MAX=${KMEM_STEAL_MAX})
  target_include_directories(${target} PRIVATE
    ${CMAKE_SOURCE_DIR}/arch/riscv ${CMAKE_SOURCE_DIR}/lib ${CMAKE_SOURCE_DIR}/mm
    ${CMAKE_SOURCE_DIR}/tests)
endfunction()

# The flags and linker script every kernel ELF (NAME.elf) is linked with.
function(kmem_link_kernel name max_harts)
  set_target_properties(${name} PROPERTIES SUFFIX ".elf")
  kmem_target_flags(${name} ${max_harts})
  target_link_options(${name} PRIVATE
    -march=rv64imac -mabi=lp64 -mcmodel=medany -nostdlib -static
    -T ${CMAKE_SOURCE_DIR}/linker.ld -Wl,-Map=${name}.map)
  target_link_libraries(${name} PRIVATE gcc)
  set_target_properties(${name} PROPERTIES LINK_DEPENDS ${CMAKE_SOURCE_DIR}/linker.ld)
endfunction()

# mm/: what both policies share, then each policy's own files.
set(KMEM_MM_COMMON ${CMAKE_SOURCE_DIR}/mm/kmem_init.c ${CMAKE_SOURCE_DIR}/mm/memmap.c
  ${CMAKE_SOURCE_DIR}/mm/pagemap.c)
set(KMEM_POLICY_SOURCES_perhart ${KMEM_MM_COMMON}
  ${CMAKE_SOURCE_DIR}/mm/kmem_perhart.c ${CMAKE_SOURCE_DIR}/mm/kmem_steal.c)
set(KMEM_POLICY_SOURCES_shared ${KMEM_MM_COMMON} ${CMAKE_SOURCE_DIR}/mm/kmem_shared.c)

function(kmem_kernel name)
  cmake_parse_arguments(K "NO_DOUBLE_FREE_CHECK" "POLICY;MAX_HARTS" "" ${ARGN})
  if(NOT K_POLICY MATCHES "^(perhart|shared)$")
    message(FATAL_ERROR "kmem_kernel(${name}): POLICY must be perhart or shared")
  endif()
  if(NOT K_MAX_HARTS)
    set(K_MAX_HARTS ${KMEM_MAX_HARTS})
  endif()

  set(base kmem_base_${K_MAX_HARTS})
  if(NOT TARGET ${base})
    add_library(${base} OBJECT ${KMEM_BASE_SOURCES})
    kmem_target_flags(${base} ${K_MAX_HARTS})
  endif()

  add_executable(${name} $<TARGET_OBJECTS:${base}> ${KMEM_POLICY_SOURCES_${K_POLICY}})
  kmem_link_kernel(${name} ${K_MAX_HARTS})
  if(K_NO_DOUBLE_FREE_CHECK)
    target_compile_definitions(${name} PRIVATE KMEM_DOUBLE_FREE_CHECK=0)
  endif()
endfunction()

# kmem_xv6_kernel(NAME FILE): lab mode. A kernel whose allocator is an xv6 lock-lab
# kalloc.c compiled as it is, against the compatibility headers in tests/xv6/compat/, with
# tests/xv6/xv6_adapter.c putting kmem's allocator interface on top of it.
function(kmem_xv6_kernel name file)
  get_filename_component(file "${file}" ABSOLUTE)
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "kmem_xv6_kernel(${name}): no file ${file}")
  endif()
  # A copy, so that headers lying beside the original (an xv6 tree) are not picked up.
  set(copy ${CMAKE_CURRENT_BINARY_DIR}/${name}-kalloc.c)
  configure_file(${file} ${copy} COPYONLY)

  set(base kmem_base_${KMEM_MAX_HARTS})
  add_library(${name}-lab OBJECT ${copy})
  kmem_target_flags(${name}-lab ${KMEM_MAX_HARTS})
  target_include_directories(${name}-lab BEFORE PRIVATE ${CMAKE_SOURCE_DIR}/tests/xv6/compat)
  # Last in the search: the file's own folder, for files it includes that compat/ lacks.
  get_filename_component(dir "${file}" DIRECTORY)
  target_include_directories(${name}-lab PRIVATE ${dir})
  # The lab file is the student's: its warnings are shown, not fatal. Its entry points are
  # renamed so that the adapter can count and check around them.
  target_compile_options(${name}-lab PRIVATE -Wno-error)
  target_compile_definitions(${name}-lab PRIVATE kalloc=xv6_kalloc kfree=xv6_kfree
    kinit=xv6_kinit acquire=xv6_acquire initlock=xv6_initlock)

  add_executable(${name} $<TARGET_OBJECTS:${base}> $<TARGET_OBJECTS:${name}-lab>
    ${CMAKE_SOURCE_DIR}/tests/xv6/xv6_adapter.c ${CMAKE_SOURCE_DIR}/tests/xv6/lab_checks.c)
  kmem_link_kernel(${name} ${KMEM_MAX_HARTS})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/xv6)
endfunction()
