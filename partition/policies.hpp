// Partition policies: named constructors of a VertexDistribution (contiguous global ranges per
// rank). uniform: equal vertex counts. edge_balanced: balances arcs + alpha * vertices, from a
// block histogram of endpoint counts summed over all ranks. Policies never touch files.
#pragma once

#include <string>
#include <vector>

#include "engine/comm.hpp"
#include "engine/distribution.hpp"
#include "engine/edge_slab.hpp"

namespace nexus::partition {

enum class Policy { kUniform, kEdgeBalanced };

// "uniform" | "edge-balanced"; throws UsageError otherwise.
Policy parse_policy(const std::string& name);
std::string policy_name(Policy p);

engine::VertexDistribution uniform(std::uint64_t num_vertices, int num_ranks);

// Arc endpoints counted per block of vertex ids [0, n), about 4096 blocks per rank: what
// balanced() cuts into ranges. Each rank counts its own arcs; balanced() sums the counts.
class EndpointHistogram {
 public:
  EndpointHistogram(std::uint64_t num_vertices, int num_ranks);
  void add(engine::GlobalVertex v, std::uint64_t count = 1) { counts_[v / block_] += count; }

 private:
  friend engine::VertexDistribution balanced(EndpointHistogram&&, const engine::Comm&, double, int);
  std::uint64_t n_, block_;
  std::vector<std::uint64_t> counts_;
};

// Collective: contiguous ranges of about equal cost, the cost of a vertex being its endpoint count
// (summed over the ranks) plus alpha, cut at block boundaries, so the result is the same whatever
// arcs each rank counted. One range per rank, or `parts` ranges (a distribution over that many
// ranks, e.g. to measure the cut another rank count would see).
engine::VertexDistribution balanced(EndpointHistogram&& h, const engine::Comm& comm,
                                    double alpha = 1.0, int parts = 0);

// Collective: balanced() over both endpoints of every stored edge.
engine::VertexDistribution edge_balanced(const engine::EdgeSlab& slab, const engine::Comm& comm,
                                         double alpha = 1.0, int parts = 0);

// Collective: the distribution `policy` gives for this slab.
engine::VertexDistribution choose(Policy policy, const engine::EdgeSlab& slab,
                                  const engine::Comm& comm);

}  // namespace nexus::partition
