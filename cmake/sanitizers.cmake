# Instrumented builds (docs/testing.md): NEXUS_SANITIZE=address,undefined compiles and links every
# target with those sanitizers (UBSan findings abort: -fno-sanitize-recover=all); NEXUS_FUZZ=ON
# (clang only) adds libFuzzer's coverage instrumentation and builds the targets in tests/fuzz.
set(NEXUS_SANITIZE "" CACHE STRING "Sanitizers for every target, e.g. address,undefined")
option(NEXUS_FUZZ "Build the libFuzzer targets of tests/fuzz (clang; implies address,undefined)" OFF)

if(NEXUS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "NEXUS_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(NOT NEXUS_SANITIZE)
    set(NEXUS_SANITIZE "address,undefined")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(NEXUS_SANITIZE)
  add_compile_options(-fsanitize=${NEXUS_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${NEXUS_SANITIZE})
endif()
