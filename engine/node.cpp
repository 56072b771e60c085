// ranks_on_this_node: a shared-memory split of the communicator, sized and freed.
#include "engine/node.hpp"

#include "engine/mpi_handle.hpp"

namespace nexus::engine {

int ranks_on_this_node(const Comm& comm) {
  MPI_Comm node = MPI_COMM_NULL;
  check_mpi(
      MPI_Comm_split_type(native(comm), MPI_COMM_TYPE_SHARED, comm.rank(), MPI_INFO_NULL, &node),
      "MPI_Comm_split_type");
  int size = 1;
  const int rc = MPI_Comm_size(node, &size);
  MPI_Comm_free(&node);
  check_mpi(rc, "MPI_Comm_size");
  return size;
}

}  // namespace nexus::engine
