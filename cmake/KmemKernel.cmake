# kmem_target_flags(TARGET): the freestanding RV64 flags every kernel object is built with.
# kmem_kernel(NAME POLICY p): a kernel ELF linking kmem_base with one allocation policy.

function(kmem_target_flags target)
  target_compile_options(${target} PRIVATE
    -march=rv64imac -mabi=lp64 -misa-spec=2.2 -mcmodel=medany
    -ffreestanding -fno-common -fno-stack-protector -fno-pie -fno-omit-frame-pointer
    -O2 -g -Wall -Wextra -Werror)
  target_compile_definitions(${target} PRIVATE
    KMEM_MAX_HARTS=${KMEM_MAX_HARTS}
    KMEM_POISON=$<BOOL:${KMEM_POISON}>
    KMEM_STEAL_MAX=${KMEM_STEAL_MAX})
  target_include_directories(${target} PRIVATE
    ${CMAKE_SOURCE_DIR}/arch/riscv ${CMAKE_SOURCE_DIR}/lib ${CMAKE_SOURCE_DIR}/mm
    ${CMAKE_SOURCE_DIR}/tests)
endfunction()

set(KMEM_POLICY_SOURCES_perhart mm/kmem_perhart.c mm/kmem_steal.c)
set(KMEM_POLICY_SOURCES_shared mm/kmem_shared.c)

function(kmem_kernel name)
  cmake_parse_arguments(K "" "POLICY" "" ${ARGN})
  add_executable(${name} $<TARGET_OBJECTS:kmem_base> ${KMEM_POLICY_SOURCES_${K_POLICY}})
  set_target_properties(${name} PROPERTIES SUFFIX ".elf")
  kmem_target_flags(${name})
  target_link_options(${name} PRIVATE
    -march=rv64imac -mabi=lp64 -mcmodel=medany -nostdlib -static
    -T ${CMAKE_SOURCE_DIR}/linker.ld -Wl,-Map=${name}.map)
  target_link_libraries(${name} PRIVATE gcc)
  set_target_properties(${name} PROPERTIES LINK_DEPENDS ${CMAKE_SOURCE_DIR}/linker.ld)
endfunction()
