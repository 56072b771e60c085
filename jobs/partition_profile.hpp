// The shape of the largest rank's share, measured from the edge slabs before the graph is built:
// exact arc and cut-arc counts per rank for a given vertex distribution, and the number of
// distinct ghosts per rank from a HyperLogLog sketch (4096 registers, about 1.6% error) of the
// non-owned endpoints each rank will see. Costs one pass over the slab and an allreduce of
// P x 4 KiB; the estimate of memory per rank (memory_model.hpp) takes it as input.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/comm.hpp"
#include "engine/distribution.hpp"
#include "engine/edge_slab.hpp"
#include "jobs/memory_model.hpp"

namespace nexus::jobs {

// A HyperLogLog sketch of a set of 64-bit values.
class DistinctCounter {
 public:
  static constexpr int kBits = 12;
  DistinctCounter() : registers_(std::size_t{1} << kBits, 0) {}
  void add(std::uint64_t value);
  double estimate() const;
  std::vector<std::uint8_t>& registers() { return registers_; }  // merged by element-wise max

 private:
  std::vector<std::uint8_t> registers_;
};

// Collective over `comm` (any size: the slabs of all its ranks together are the whole edge list).
// The shape of the largest rank when `dist` (for dist.num_ranks() ranks) is the distribution.
memory::RankShape profile_partition(const engine::EdgeSlab& slab,
                                    const engine::VertexDistribution& dist, bool weighted,
                                    const engine::Comm& comm);

}  // namespace nexus::jobs
