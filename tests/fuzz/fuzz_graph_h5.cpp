// libFuzzer target: the parallel HDF5 graph reader on MPI_COMM_SELF. The input bytes are the graph
// file; the target reads the header, this rank's edge slab (with weights) and the first original
// ids or names, as `nexus pagerank` would. InputError is the expected answer to a bad file.
// read_graph_header reads the metadata in the input sandbox (a forked child) as in nexus, unless
// NEXUS_INPUT_SANDBOX=0: run_fuzz.sh fuzzes without it (faster; the child's coverage would be lost
// to libFuzzer) and re-runs every input that crashes inside libhdf5 with it, where it must end in
// an InputError. The sandbox's CPU limit is 2 s here, well below libFuzzer's -timeout.
#include <algorithm>
#include <cstdlib>

#include "engine/error.hpp"
#include "io/graph_file.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  setenv("NEXUS_INPUT_SANDBOX_SECONDS", "2", 0);
  nexus::fuzz::init(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace io = nexus::io;
  const std::string& path = nexus::fuzz::write_input(data, size, ".h5");
  const auto& comm = nexus::fuzz::comm();
  try {
    const io::GraphHeader h = io::read_graph_header(path, comm);
    const nexus::engine::EdgeSlab e = io::read_edge_slab(h, comm, true);
    const std::uint64_t n = std::min<std::uint64_t>(h.num_vertices, 64);
    if (h.ids == io::VertexIdKind::kName) {
      (void)io::read_vertex_names(h, comm, 0, n);
    } else {
      (void)io::read_vertex_ids(h, comm, 0, n);
    }
  } catch (const nexus::InputError&) {
  }
  return 0;
}
