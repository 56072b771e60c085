#!/usr/bin/env bash
# Quickstart: install the dependencies (Debian 12), build, import the shipped email-Eu-core graph
# and run PageRank on it under `mpirun -np 2`, writing out/email-Eu-core-features.h5 and a report.
set -euo pipefail
cd "$(dirname "$0")/.."
cluster/install-deps.sh
cluster/build.sh
if [ "$(id -u)" -eq 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
export HDF5_USE_FILE_LOCKING=FALSE
mkdir -p out
MPIRUN=(mpirun -np 2 --oversubscribe --bind-to none)
"${MPIRUN[@]}" build/jobs/nexus import docs/examples/email-Eu-core/email-Eu-core.txt.gz \
  -o out/email-Eu-core.h5 --directed
"${MPIRUN[@]}" build/jobs/nexus pagerank out/email-Eu-core.h5 -o out/email-Eu-core-features.h5 \
  --verify --report out/email-Eu-core-report.json
build/jobs/nexus inspect out/email-Eu-core-features.h5
echo "quickstart: features in out/email-Eu-core-features.h5, report in out/email-Eu-core-report.json"
