// The MPI view of a Comm, for the layers allowed to include mpi.h (engine/ and io/, for MPI-IO).
#pragma once

#include <mpi.h>

#include <string>

#include "engine/comm.hpp"

namespace nexus::engine {

inline MPI_Comm native(const Comm& comm) {
  return *static_cast<const MPI_Comm*>(comm.native_handle());
}

// Throws SystemError naming the MPI call unless rc is MPI_SUCCESS.
void check_mpi(int rc, const char* what);

}  // namespace nexus::engine
