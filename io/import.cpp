// `nexus import` as a library call: import_to_slab (io/text/) followed by write_graph_file.
#include "io/import.hpp"

#include <chrono>

#include "io/graph_file.hpp"
#include "io/text/import_pipeline.hpp"

namespace nexus::io {

ImportStats import_edge_list(const std::string& input, const std::string& output,
                             const ImportOptions& options, const engine::Comm& comm) {
  const auto t0 = std::chrono::steady_clock::now();
  text::ParsedGraph g = text::import_to_slab(input, options, comm);
  GraphWriteInfo info;
  info.num_vertices = g.slab.num_vertices;
  info.directed = g.slab.directed;
  info.weighted = g.slab.weighted;
  info.ids = g.id_kind;
  info.source = g.source;
  write_graph_file(output, comm, g.slab, g.ids, info);
  g.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return g.stats;
}

}  // namespace nexus::io
