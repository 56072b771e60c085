#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + libFuzzer) into BUILD_DIR and fuzzes each
# target for SECONDS, starting from the seeds in tests/fuzz/corpus/<target>/ (new inputs go to a
# scratch corpus under BUILD_DIR, never into the source tree). Fails on any crash, leak, UB report,
# timeout (-timeout=10 s per input) or out-of-memory (-rss_limit_mb=2048).
# Usage: run_fuzz.sh BUILD_DIR SECONDS [TARGET...]   (default: all targets)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$1 seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_snap fuzz_csv fuzz_mtx fuzz_gzip fuzz_graph_h5)

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
t0=$SECONDS
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DNEXUS_FUZZ=ON -DNEXUS_BUILD_TESTS=OFF \
  -DNEXUS_WERROR=OFF -DPython3_EXECUTABLE=/usr/bin/python3 "${launcher[@]}" >/dev/null
cmake --build "$build" --target "${targets[@]}" -j "$(nproc)"
echo "fuzz: built in $((SECONDS - t0)) s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/sanitizers/lsan.supp:print_suppressions=0:leak_check_at_exit=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export HDF5_USE_FILE_LOCKING=FALSE
# libFuzzer checks each input for leaks; the exit-time check (after MPI) is off: LSan's tracer
# can crash on Open MPI's threads there. Keep MPI components loaded so frames can be named.
export OMPI_MCA_mca_base_component_disable_dlclose=1
export NEXUS_FUZZ_TMP="$build/tmp"
mkdir -p "$NEXUS_FUZZ_TMP"
status=0
# Which code a crashing input breaks: the innermost frame that is ours (nexus::, the harness) or
# HDF5's. HDF5 1.10.8 is not hardened against hostile files (its own fuzzing CVEs): Nexus reads an
# input's metadata in the input sandbox (docs/hardening.md) so that such crashes become input
# errors. The fuzzing itself runs without the sandbox (NEXUS_INPUT_SANDBOX=0: a fork per input is
# ~8x slower under ASan, and the child's coverage is lost to libFuzzer), so it finds libhdf5
# crashes quickly; each is then re-run with the sandbox on and must end cleanly there (exit 0:
# the harness got an InputError). Any finding in our code, or a libhdf5 crash the sandbox does not
# catch, fails the run.
classify() {
  local frame
  frame=$(grep -E '^ +#[0-9]+ ' "$1" | grep -m1 -E 'nexus::|LLVMFuzzerTestOneInput|libhdf5' || true)
  case "$frame" in *libhdf5*) echo hdf5 ;; *) echo ours ;; esac
}
for t in "${targets[@]}"; do
  work="$build/corpus/$t" artifacts="$build/artifacts/$t/"
  rm -rf "$artifacts"
  mkdir -p "$work" "$artifacts"
  log="$build/$t.log"
  # -fork=1: a child process does the fuzzing, so that a crash inside HDF5 does not end the run.
  NEXUS_INPUT_SANDBOX=0 "$build/tests/fuzz/$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -artifact_prefix="$artifacts" "$work" "$here/corpus/$t" >"$log" 2>&1 || true
  execs=$(grep -oE '^#[0-9]+:' "$log" | tail -1 | tr -d '#:')
  ours=0 hdf5=0 caught=0
  rerun="$build/rerun/$t/"
  mkdir -p "$rerun"
  for a in "$artifacts"*; do
    [ -e "$a" ] && [ "${a%.log}" = "$a" ] || continue
    NEXUS_INPUT_SANDBOX=0 "$build/tests/fuzz/$t" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$rerun" "$a" >"$a.log" 2>&1 || true
    if [ "$(classify "$a.log")" = hdf5 ]; then
      hdf5=$((hdf5 + 1))
      if NEXUS_INPUT_SANDBOX=1 "$build/tests/fuzz/$t" -timeout=30 -rss_limit_mb=2048 \
        -artifact_prefix="$rerun" "$a" >"$a.sandbox.log" 2>&1; then
        caught=$((caught + 1))
      else
        ours=$((ours + 1))
        echo "fuzz: $t: a libhdf5 crash that the input sandbox does not catch: $a" \
             "(log $a.sandbox.log):"
        grep -E 'ERROR|SUMMARY|#[0-3] ' "$a.sandbox.log" | head -12
      fi
    else
      ours=$((ours + 1))
      echo "fuzz: $t: finding in Nexus code: $a (log $a.log):"
      grep -E 'ERROR|SUMMARY|runtime error|what\(\)|#[0-3] ' "$a.log" | head -12
    fi
  done
  echo "fuzz: $t: ${execs:-?} executions in $seconds s; findings in Nexus code: $ours;" \
       "inputs that crash inside libhdf5: $hdf5 ($caught caught by the input sandbox);" \
       "corpus $(ls "$work" | wc -l) files"
  [ "$ours" -eq 0 ] || status=1
done
exit $status
