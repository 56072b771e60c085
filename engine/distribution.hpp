// VertexDistribution: which rank owns which global vertex. A value object: rank r owns the
// contiguous range [offset(r), offset(r+1)); owner lookup is a binary search over the P+1
// offsets. Policies that choose the offsets live in partition/.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/types.hpp"

namespace nexus::engine {

class VertexDistribution {
 public:
  VertexDistribution() = default;
  // offsets.size() == num_ranks + 1, offsets.front() == 0, non-decreasing.
  explicit VertexDistribution(std::vector<GlobalVertex> offsets);

  // Equal-sized ranges (the first num_vertices % P ranks get one more).
  static VertexDistribution uniform(std::uint64_t num_vertices, int num_ranks);

  int num_ranks() const { return static_cast<int>(offsets_.size()) - 1; }
  std::uint64_t num_vertices() const { return offsets_.back(); }
  GlobalVertex begin(int rank) const { return offsets_[rank]; }
  GlobalVertex end(int rank) const { return offsets_[rank + 1]; }
  std::uint64_t count(int rank) const { return end(rank) - begin(rank); }
  const std::vector<GlobalVertex>& offsets() const { return offsets_; }

  int owner(GlobalVertex v) const {
    auto it = std::upper_bound(offsets_.begin(), offsets_.end(), v);
    return static_cast<int>(it - offsets_.begin()) - 1;
  }

  bool operator==(const VertexDistribution&) const = default;

 private:
  std::vector<GlobalVertex> offsets_{0};
};

}  // namespace nexus::engine
