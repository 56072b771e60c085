// Edge policies after relabelling: canonical (min, max) orientation of undirected edges,
// self-loops kept or dropped, and duplicates kept, dropped or summed. Edges are always routed to
// the owner of their source label and sorted by (src, dst, weight), so the written edge order is
// the same for any number of ranks.
#pragma once

#include <cstdint>

#include "engine/comm.hpp"
#include "engine/distribution.hpp"
#include "engine/edge_slab.hpp"
#include "io/import.hpp"

namespace nexus::io::text {

struct PolicyCounts {
  std::uint64_t self_loops_dropped = 0;  // over all ranks
  std::uint64_t duplicates_dropped = 0;  // removed by kDrop or merged by kSum, over all ranks
};

// Collective: one alltoallv of the edges (to the owner of their source under `sources`, by
// default a uniform VertexDistribution of the labels) and sums of the counts. Sets slab.directed
// and slab.num_edges. kDrop keeps the smallest weight of equal pairs; kSum adds the weights in
// double (on an unweighted graph it merges like kDrop). Any contiguous `sources` gives the same
// global order, so the same file: only which rank holds which edges changes.
PolicyCounts apply_edge_policies(engine::EdgeSlab& slab, bool directed, SelfLoopPolicy loops,
                                 DuplicatePolicy duplicates, const engine::Comm& comm,
                                 const engine::VertexDistribution* sources = nullptr);

}  // namespace nexus::io::text
