// neighbor_sum: the sum of a per-vertex value over a neighbour list (optionally weighted), the
// inner loop of pull-style algorithms. Four interleaved partial sums break the floating-point add
// dependency chain so that several random reads are in flight at once; the order of additions is
// a fixed function of the list, so results stay identical for any partition and thread count.
#pragma once

#include <span>

#include "engine/types.hpp"
#include "engine/vertex_array.hpp"

namespace nexus::engine {

template <class T>
double neighbor_sum(std::span<const LocalVertex> nbrs, const VertexArray<T>& x) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const std::size_t n = nbrs.size();
  std::size_t k = 0;
  for (; k + 4 <= n; k += 4) {
    s0 += x[nbrs[k]];
    s1 += x[nbrs[k + 1]];
    s2 += x[nbrs[k + 2]];
    s3 += x[nbrs[k + 3]];
  }
  for (; k < n; ++k) s0 += x[nbrs[k]];
  return (s0 + s1) + (s2 + s3);
}

template <class T>
double neighbor_sum(std::span<const LocalVertex> nbrs, std::span<const float> w,
                    const VertexArray<T>& x) {
  double s0 = 0, s1 = 0;
  const std::size_t n = nbrs.size();
  std::size_t k = 0;
  for (; k + 2 <= n; k += 2) {
    s0 += x[nbrs[k]] * w[k];
    s1 += x[nbrs[k + 1]] * w[k + 1];
  }
  for (; k < n; ++k) s0 += x[nbrs[k]] * w[k];
  return s0 + s1;
}

}  // namespace nexus::engine
