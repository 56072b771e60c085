// The pieces shared by the two ways aggregation builds the rows of a coarse graph: on several
// ranks by exchanging partial sums (aggregate.cpp), on one rank from each community's members
// (aggregate_one_rank.cpp). Internal to algorithms/community.
#pragma once

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "algorithms/community/adjacency.hpp"
#include "algorithms/community/community_state.hpp"
#include "algorithms/community/community_weights.hpp"

namespace nexus::algo::community::aggregation {

using engine::GlobalVertex;
using engine::LocalVertex;

// What items [0, n) made, in fixed blocks of `block` items: part k holds what items
// [k * block, (k + 1) * block) made, in item order, whatever the thread count.
template <class Arc>
struct Blocks {
  std::size_t block;
  std::vector<std::vector<Arc>> parts;

  std::size_t size() const {
    std::size_t total = 0;
    for (const auto& x : parts) total += x.size();
    return total;
  }
  // All parts in block order, one list (each part freed once copied).
  std::vector<Arc> concat() && {
    std::vector<Arc> out;
    out.reserve(size());
    for (auto& x : parts) {
      out.insert(out.end(), x.begin(), x.end());
      std::vector<Arc>().swap(x);
    }
    return out;
  }
};

// Work cut into fixed blocks for the threads: `make(item, weights, out)` appends what an item
// makes to its block's list.
template <class Arc, class Make>
Blocks<Arc> in_blocks(LocalVertex n, Make&& make, std::size_t block = 1024) {
  Blocks<Arc> out{block, std::vector<std::vector<Arc>>((std::size_t{n} + block - 1) / block)};
  tbb::enumerable_thread_specific<CommunityWeights> weights;
  tbb::parallel_for(std::size_t{0}, out.parts.size(), [&](std::size_t k) {
    const std::size_t e = std::min<std::size_t>(n, (k + 1) * block);
    for (std::size_t v = k * block; v < e; ++v)
      make(static_cast<LocalVertex>(v), weights.local(), out.parts[k]);
  });
  return out;
}

// The coarse graph's rows on this rank (sorted by target) and how they were made.
struct CoarseRows {
  engine::VertexDistribution dist;
  std::vector<engine::EdgeIndex> offsets;
  std::vector<GlobalVertex> neighbors;
  std::vector<float> weights;
  std::uint64_t kept = 0;      // coarse edges summed here (self-loops included)
  std::uint64_t partials = 0;  // partial sums made here (arcs added, where sums are exact)
};

// The partials of fine vertex v: its arcs summed per coarse neighbour; for the coarse pair {a, b}
// with a = coarse[v] only when a <= b (the other end's members make the same sum from their side),
// the internal arcs as a half-weight self-loop. `emit(a, b, w)` receives them in first-arc order.
template <class Emit>
void partials_of(const CommunityState& s, const engine::VertexArray<GlobalVertex>& coarse,
                 LocalVertex v, CommunityWeights& w, Emit&& emit) {
  // Arcs to a smaller coarse vertex are left out before summing: their pair's partial is made
  // at the other end (leaving them out changes neither the other sums nor their order).
  const GlobalVertex a = coarse[v];
  w.clear();
  for_each_arc(s.graph(), s.weighted(), v, [&](LocalVertex u, double x) {
    if (coarse[u] >= a) w.add(coarse[u], x);
  });
  for (const auto& [b, x] : w.entries()) {
    if (a == b) emit(a, a, x / 2);
    if (a < b) emit(a, b, x);
  }
}

// One rank: the rows built from each coarse vertex's members (aggregate_one_rank.cpp).
CoarseRows rows_on_one_rank(const CommunityState& s,
                            const engine::VertexArray<GlobalVertex>& coarse, std::uint64_t k);

}  // namespace nexus::algo::community::aggregation
