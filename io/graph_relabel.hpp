// Rewriting a graph file under new vertex ids (`nexus reorder`): the same graph, its vertices
// listed in another order. Original ids travel along in /vertices/id (or /vertices/name), so
// feature files of the new graph still name every vertex by its original id.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/comm.hpp"
#include "engine/distribution.hpp"
#include "io/graph_file.hpp"

namespace nexus::io {

struct Relabelling {
  engine::VertexDistribution dist;          // who owns which old vertex id
  std::vector<engine::GlobalVertex> label;  // new id of every owned old vertex (a permutation)
  std::vector<std::int64_t> ids;            // original id of every owned old vertex, or
  std::vector<std::string> names;           // its original name (graphs with /vertices/name)
  // Which rank sorts and writes the edges of which new source ids (contiguous; the file does
  // not depend on it). Empty: equal ranges, which a skewed new order can make very unequal.
  engine::VertexDistribution sources;
};

// Ranges of vertex ids to measure the edge cut in: `before` over the old ids, `after` over the
// new ones (e.g. what a policy would give P ranks for each order).
struct RangeCut {
  engine::VertexDistribution before, after;
};
// The fraction of the edges whose two ends fall in different ranges.
struct CutFractions {
  double before = 0, after = 0;
};

// Collective. Writes the graph of `in` to `path` with old vertex v renamed label(v). The edges
// are read again from `in` (so self-loops, duplicate edges and weights stay exactly as they
// are), renamed through a query to the owner of each end, and stored sorted by (src, dst) as
// import stores them, so the file is the same for any rank count. Written through
// write_graph_file (no file at `path` unless complete). Returns the cut of each of `cuts`.
std::vector<CutFractions> write_relabelled_graph(const GraphHeader& in, const std::string& path,
                                                 const Relabelling& r, const std::string& source,
                                                 const std::vector<RangeCut>& cuts,
                                                 const engine::Comm& comm);

}  // namespace nexus::io
