// Reading and writing graph files (format v1, docs/formats.md). All functions are collective over
// `comm` and call HDF5 from the calling thread only (Debian's HDF5 is not thread-safe).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/comm.hpp"
#include "engine/edge_slab.hpp"

namespace nexus::io {

enum class VertexIdKind { kNone, kInteger, kName };  // /vertices/id, /vertices/name or neither

struct GraphHeader {
  std::string path;
  int format_version = 0;
  std::uint64_t num_vertices = 0;
  std::uint64_t num_edges = 0;
  bool directed = true;
  bool weighted = false;
  VertexIdKind ids = VertexIdKind::kNone;
  std::string fingerprint;  // hex; identifies the graph's content
};

// Opens `path`, checks nexus_format == "graph", the format version, the dataset shapes and dtypes
// against the declared counts; throws InputError naming the file, dataset and value otherwise.
// Rank 0 reads and validates, then broadcasts the header (so every rank fails the same way). Rank 0
// does so in the input sandbox (input_sandbox.hpp), which also probes the rest of the file's
// metadata and its vertex names: a file that crashes or hangs libhdf5 is an InputError.
GraphHeader read_graph_header(const std::string& path, const engine::Comm& comm);

// Rank r reads edges [m*r/P, m*(r+1)/P) by hyperslab. Weights are read only when with_weights and
// the file is weighted. Every id is checked to lie in [0, num_vertices) and every weight to be
// finite; violations throw InputError naming the file, dataset, row and value.
engine::EdgeSlab read_edge_slab(const GraphHeader& header, const engine::Comm& comm,
                                bool with_weights);

// Original ids of global vertices [begin, end) (this rank's own range; ranges may differ per rank
// and may be empty). Identity when the file has no /vertices/id. Throws for name-id graphs.
std::vector<std::int64_t> read_vertex_ids(const GraphHeader& header, const engine::Comm& comm,
                                          std::uint64_t begin, std::uint64_t end);
// Original names of global vertices [begin, end), for graphs with /vertices/name.
std::vector<std::string> read_vertex_names(const GraphHeader& header, const engine::Comm& comm,
                                           std::uint64_t begin, std::uint64_t end);

// What a writing rank contributes besides its edges: a contiguous block of original vertex ids
// (or names) starting at global vertex `first`. Leave both empty for graphs without original ids.
struct VertexIdBlock {
  std::uint64_t first = 0;
  std::vector<std::int64_t> ids;
  std::vector<std::string> names;
};

struct GraphWriteInfo {
  std::uint64_t num_vertices = 0;
  bool directed = true;
  bool weighted = false;
  VertexIdKind ids = VertexIdKind::kNone;
  std::string source;  // free text provenance, e.g. "import email-Eu-core.txt --format snap"
};

// Writes a graph file collectively: each rank's edges are stored after those of lower ranks, each
// rank's id block at its `first`. Written to `path + ".partial"` and renamed to `path` only when
// complete; on any failure no file is left at `path` (and a previous file there is untouched).
// Computes the fingerprint (an order-independent hash of the edges and the header).
void write_graph_file(const std::string& path, const engine::Comm& comm,
                      const engine::EdgeSlab& edges, const VertexIdBlock& ids,
                      const GraphWriteInfo& info);

}  // namespace nexus::io
