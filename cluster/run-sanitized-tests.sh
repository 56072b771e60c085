#!/usr/bin/env bash
# The test suite built with AddressSanitizer + UndefinedBehaviorSanitizer (gcc, -fno-sanitize-
# recover=all: any UB report fails its test) in build-asan/. Leaks: Open MPI's and HDF5's own
# start-up allocations are suppressed by tests/sanitizers/lsan.supp; leaks in Nexus code fail.
# Usage: cluster/run-sanitized-tests.sh [ctest arguments, e.g. -L mpi or -E e2e_]
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
t0=$SECONDS
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEXUS_SANITIZE=address,undefined \
  -DPython3_EXECUTABLE=/usr/bin/python3 "${launcher[@]}" >/dev/null
cmake --build build-asan -j "$(nproc)"
echo "sanitized build: $((SECONDS - t0)) s"
# fast_unwind_on_malloc=0: Open MPI is built without frame pointers, so only the slow unwinder
# reaches the libmpi/libopen-pal frames that the suppressions name.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/sanitizers/lsan.supp:print_suppressions=0:fast_unwind_on_malloc=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Keep Open MPI's components loaded at exit so that their leaks can be attributed and suppressed.
export OMPI_MCA_mca_base_component_disable_dlclose=1 PMIX_MCA_mca_base_component_disable_dlclose=1
t1=$SECONDS
cd build-asan
ctest --output-on-failure -j "$(nproc)" --timeout 1800 "$@"
echo "sanitized tests: $((SECONDS - t1)) s"
