// EdgeSlab: the edges one rank holds before partitioning (a slab read from a graph file, or
// generated), with global ids in [0, num_vertices). Weights are empty for unweighted graphs.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/types.hpp"

namespace nexus::engine {

struct EdgeSlab {
  std::uint64_t num_vertices = 0;  // of the whole graph
  std::uint64_t num_edges = 0;     // of the whole graph, as stored (an undirected edge once)
  bool directed = true;
  bool weighted = false;
  std::vector<GlobalVertex> src;
  std::vector<GlobalVertex> dst;
  std::vector<float> weight;  // empty unless weighted

  std::size_t size() const { return src.size(); }
};

}  // namespace nexus::engine
