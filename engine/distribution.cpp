// VertexDistribution: validation and the uniform constructor.
#include "engine/distribution.hpp"

#include <stdexcept>
#include <string>

namespace nexus::engine {

VertexDistribution::VertexDistribution(std::vector<GlobalVertex> offsets)
    : offsets_(std::move(offsets)) {
  if (offsets_.size() < 2 || offsets_.front() != 0 ||
      !std::is_sorted(offsets_.begin(), offsets_.end()))
    throw std::invalid_argument("VertexDistribution: offsets must start at 0 and not decrease");
}

VertexDistribution VertexDistribution::uniform(std::uint64_t num_vertices, int num_ranks) {
  if (num_ranks < 1) throw std::invalid_argument("VertexDistribution: need at least one rank");
  std::vector<GlobalVertex> offsets(static_cast<std::size_t>(num_ranks) + 1, 0);
  const std::uint64_t base = num_vertices / num_ranks, extra = num_vertices % num_ranks;
  for (int r = 0; r < num_ranks; ++r)
    offsets[r + 1] = offsets[r] + base + (static_cast<std::uint64_t>(r) < extra ? 1 : 0);
  return VertexDistribution(std::move(offsets));
}

}  // namespace nexus::engine
