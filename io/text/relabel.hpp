// Distributed relabelling of original vertex ids to 0..n-1 in sorted id order (so ids that are
// already 0..n-1 keep their values). A sample sort: each rank's distinct ids go to the rank owning
// their key range, which numbers its sorted bucket from an exclusive prefix sum and sends the
// labels back. The id map is never gathered on one rank: each rank's bucket is its VertexIdBlock.
#pragma once

#include <cstdint>

#include "engine/comm.hpp"
#include "engine/edge_slab.hpp"
#include "io/graph_file.hpp"
#include "io/text/parse_input.hpp"

namespace nexus::io::text {

struct Relabelled {
  engine::EdgeSlab slab;  // endpoints as labels; num_edges not yet set
  VertexIdBlock ids;      // this rank's block of original ids (or names)
};

// Collective (alltoallv of distinct ids there and labels back, allgatherv of samples). Integer
// ids: /vertices/id holds the original ids in label order.
Relabelled relabel_integer_ids(RawEdges&& raw, const engine::Comm& comm);
// Collective; the same sample sort over names in byte-wise lexicographic order.
Relabelled relabel_names(RawEdges&& raw, const engine::Comm& comm);
// Matrix Market: 1-based indices 1..n map to label index - 1 (no communication but the block).
Relabelled relabel_dense_one_based(RawEdges&& raw, std::uint64_t n, const engine::Comm& comm);

}  // namespace nexus::io::text
