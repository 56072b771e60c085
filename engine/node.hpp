// Facts about the node a rank runs on: how many ranks of the communicator share it (they share
// its memory, so per-rank budgets divide the node's limit by this).
#pragma once

#include "engine/comm.hpp"

namespace nexus::engine {

// Collective: the number of ranks of `comm` on this rank's node (MPI_Comm_split_type SHARED).
int ranks_on_this_node(const Comm& comm);

}  // namespace nexus::engine
