// Helpers shared by the tests: the world Comm for the process, scratch paths that every rank
// agrees on, and running /usr/bin/python3 snippets (networkx/igraph/h5py oracles).
#pragma once

#include <string>

#include "engine/comm.hpp"

namespace nexus::test {

// The test process's Comm (a dup of MPI_COMM_WORLD, made on first use).
const engine::Comm& world();

// A fresh directory under the build's temp area, the same path on every rank (collective).
std::string scratch_dir(const std::string& name);

// Runs `/usr/bin/python3 -c script` (on the calling rank) and returns its stdout; throws if it
// fails.
std::string run_python(const std::string& script);

// Path of a dataset under ../shared/data.
std::string data_path(const std::string& relative);

}  // namespace nexus::test
