// Partition policies: uniform and edge-balanced vertex distributions.
#include "partition/policies.hpp"

#include <algorithm>
#include <span>
#include <vector>

#include "engine/error.hpp"

namespace nexus::partition {

Policy parse_policy(const std::string& name) {
  if (name == "uniform") return Policy::kUniform;
  if (name == "edge-balanced") return Policy::kEdgeBalanced;
  throw UsageError("unknown partition policy '" + name + "' (expected uniform or edge-balanced)");
}

std::string policy_name(Policy p) {
  return p == Policy::kUniform ? "uniform" : "edge-balanced";
}

engine::VertexDistribution uniform(std::uint64_t num_vertices, int num_ranks) {
  return engine::VertexDistribution::uniform(num_vertices, num_ranks);
}

EndpointHistogram::EndpointHistogram(std::uint64_t num_vertices, int num_ranks) : n_(num_vertices) {
  const std::uint64_t num_blocks =
      std::max<std::uint64_t>(1, std::min<std::uint64_t>(n_, 4096ull * num_ranks));
  block_ = std::max<std::uint64_t>(1, (n_ + num_blocks - 1) / num_blocks);
  counts_.assign(num_blocks, 0);
}

engine::VertexDistribution balanced(EndpointHistogram&& h, const engine::Comm& comm, double alpha,
                                    int parts) {
  const std::uint64_t n = h.n_, block = h.block_, num_blocks = h.counts_.size();
  const int p = parts > 0 ? parts : comm.size();
  if (n == 0) return uniform(0, p);
  comm.allreduce(std::span<std::uint64_t>(h.counts_), engine::ReduceOp::kSum);
  // Cost of each block, then cut the prefix sums at multiples of total / p.
  std::vector<double> prefix(num_blocks + 1, 0.0);
  for (std::uint64_t b = 0; b < num_blocks; ++b) {
    const std::uint64_t verts = std::min(n, (b + 1) * block) - std::min(n, b * block);
    prefix[b + 1] =
        prefix[b] + static_cast<double>(h.counts_[b]) + alpha * static_cast<double>(verts);
  }
  std::vector<engine::GlobalVertex> offsets(p + 1, 0);
  offsets[p] = n;
  for (int r = 1; r < p; ++r) {
    const double target = prefix[num_blocks] * r / p;
    const auto it = std::lower_bound(prefix.begin(), prefix.end(), target);
    const auto b = static_cast<std::uint64_t>(it - prefix.begin());
    offsets[r] = std::clamp<std::uint64_t>(std::min(n, b * block), offsets[r - 1], n);
  }
  return engine::VertexDistribution(std::move(offsets));
}

engine::VertexDistribution edge_balanced(const engine::EdgeSlab& slab, const engine::Comm& comm,
                                         double alpha, int parts) {
  const int p = parts > 0 ? parts : comm.size();
  EndpointHistogram h(slab.num_vertices, p);
  for (std::size_t i = 0; i < slab.size(); ++i) {
    h.add(slab.src[i]);
    h.add(slab.dst[i]);
  }
  return balanced(std::move(h), comm, alpha, p);
}

engine::VertexDistribution choose(Policy policy, const engine::EdgeSlab& slab,
                                  const engine::Comm& comm) {
  return policy == Policy::kUniform ? uniform(slab.num_vertices, comm.size())
                                    : edge_balanced(slab, comm);
}

}  // namespace nexus::partition
