#!/usr/bin/env bash
# The whole test suite: installs what is missing (Debian 12), builds, runs ctest (MPI tests under
# 1, 2, 3 and 4 ranks, end-to-end tests against networkx/igraph/h5py).
set -euo pipefail
cd "$(dirname "$0")/.."
cluster/install-deps.sh
cluster/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900 "$@"
