// Partition policies: named constructors of a VertexDistribution (contiguous global ranges per
// rank). uniform: equal vertex counts. edge_balanced: balances arcs + alpha * vertices, from a
// block histogram of endpoint counts summed over all ranks. Policies never touch files.
#pragma once

#include <string>

#include "engine/comm.hpp"
#include "engine/distribution.hpp"
#include "engine/edge_slab.hpp"

namespace nexus::partition {

enum class Policy { kUniform, kEdgeBalanced };

// "uniform" | "edge-balanced"; throws UsageError otherwise.
Policy parse_policy(const std::string& name);
std::string policy_name(Policy p);

engine::VertexDistribution uniform(std::uint64_t num_vertices, int num_ranks);

// Collective. The cost of a vertex is its arc count (both endpoints of every stored edge) plus
// alpha; ranges are cut at block boundaries of a histogram with about 4096 blocks per rank, so the
// result is the same whatever slab each rank holds.
engine::VertexDistribution edge_balanced(const engine::EdgeSlab& slab, const engine::Comm& comm,
                                         double alpha = 1.0);

// Collective: the distribution `policy` gives for this slab.
engine::VertexDistribution choose(Policy policy, const engine::EdgeSlab& slab,
                                  const engine::Comm& comm);

}  // namespace nexus::partition
