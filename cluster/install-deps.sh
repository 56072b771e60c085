#!/usr/bin/env bash
# Installs what Nexus needs on Debian 12 (build tools, the MPI/HDF5/TBB stack, the Python
# packages the tests use as oracles, and Slurm + munge for the batch test, run by
# cluster/slurm-local.sh). Idempotent: does nothing when everything is present.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libopenmpi-dev openmpi-bin libhdf5-openmpi-dev hdf5-tools libtbb-dev libeigen3-dev
  libboost-graph-dev libcxxopts-dev libtomlplusplus-dev zlib1g-dev libgtest-dev libgmock-dev
  python3 python3-numpy python3-scipy python3-h5py python3-networkx python3-igraph
  python3-sklearn python3-pandas python3-tables
  slurmctld slurmd slurm-client munge
  clang libclang-rt-14-dev
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "nexus: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
