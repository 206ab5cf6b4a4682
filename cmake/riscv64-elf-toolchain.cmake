# Toolchain file: finds a bare-metal RISC-V 64 cross compiler and nothing else.
# Architecture flags live on the targets in CMakeLists.txt, not here.

set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv64)

# The triple can be forced with -DKMEM_CROSS_PREFIX=riscv64-linux-gnu- (a trailing dash).
set(KMEM_CROSS_PREFIX "" CACHE STRING "Cross-compiler prefix, e.g. riscv64-unknown-elf-")
set(_kmem_prefixes "${KMEM_CROSS_PREFIX}")
if(NOT KMEM_CROSS_PREFIX)
  set(_kmem_prefixes riscv64-unknown-elf- riscv64-elf- riscv64-linux-gnu-)
endif()

foreach(_prefix IN LISTS _kmem_prefixes)
  find_program(_kmem_cc NAMES ${_prefix}gcc)
  if(_kmem_cc)
    set(KMEM_CROSS_PREFIX "${_prefix}" CACHE STRING "Cross-compiler prefix" FORCE)
    break()
  endif()
endforeach()
if(NOT _kmem_cc)
  message(FATAL_ERROR
    "No RISC-V cross compiler found (tried: ${_kmem_prefixes}gcc).\n"
    "Install it with scripts/deps (Debian package gcc-riscv64-unknown-elf), "
    "or set -DKMEM_CROSS_PREFIX=<prefix->.")
endif()

set(CMAKE_C_COMPILER "${_kmem_cc}")
set(CMAKE_ASM_COMPILER "${_kmem_cc}")
find_program(CMAKE_OBJCOPY NAMES ${KMEM_CROSS_PREFIX}objcopy)
find_program(CMAKE_OBJDUMP NAMES ${KMEM_CROSS_PREFIX}objdump)

# A bare-metal compiler cannot link a test executable without our linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
