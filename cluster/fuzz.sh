#!/usr/bin/env bash
# A longer libFuzzer campaign on one target (or all): builds the fuzz targets with clang into
# build-fuzz/ and fuzzes for SECONDS per target. Crashes in Nexus code fail (inputs and logs in
# build-fuzz/artifacts/<target>/); inputs that crash inside libhdf5 are counted (docs/hardening.md).
# Usage: cluster/fuzz.sh TARGET|all SECONDS     e.g. cluster/fuzz.sh fuzz_graph_h5 3600
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: cluster/fuzz.sh TARGET|all SECONDS} seconds=${2:?usage: cluster/fuzz.sh TARGET|all SECONDS}
if [ "$target" = all ]; then
  exec tests/fuzz/run_fuzz.sh "$PWD/build-fuzz" "$seconds"
fi
exec tests/fuzz/run_fuzz.sh "$PWD/build-fuzz" "$seconds" "$target"
