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

set(KMEM_POLICY_SOURCES_perhart
  ${CMAKE_SOURCE_DIR}/mm/kmem_perhart.c ${CMAKE_SOURCE_DIR}/mm/kmem_steal.c)
set(KMEM_POLICY_SOURCES_shared ${CMAKE_SOURCE_DIR}/mm/kmem_shared.c)

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
  set_target_properties(${name} PROPERTIES SUFFIX ".elf")
  kmem_target_flags(${name} ${K_MAX_HARTS})
  if(K_NO_DOUBLE_FREE_CHECK)
    target_compile_definitions(${name} PRIVATE KMEM_DOUBLE_FREE_CHECK=0)
  endif()
  target_link_options(${name} PRIVATE
    -march=rv64imac -mabi=lp64 -mcmodel=medany -nostdlib -static
    -T ${CMAKE_SOURCE_DIR}/linker.ld -Wl,-Map=${name}.map)
  target_link_libraries(${name} PRIVATE gcc)
  set_target_properties(${name} PROPERTIES LINK_DEPENDS ${CMAKE_SOURCE_DIR}/linker.ld)
endfunction()
