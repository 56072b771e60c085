// In-memory graphs for tests: an explicit edge list turned into a DistGraph with each rank taking
// an interleaved share of the edges as its slab (so slabs differ from the final ownership), and
// seeded random graphs.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"
#include "engine/edge_slab.hpp"
#include "partition/build_dist_graph.hpp"
#include "partition/policies.hpp"

namespace nexus::test {

struct EdgeList {
  std::uint64_t num_vertices = 0;
  bool directed = true;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> edges;
  std::vector<float> weights;  // empty: unweighted
};

// Rank r's slab: edges r, r+P, r+2P, ... of the list.
inline engine::EdgeSlab slab_of(const EdgeList& e, const engine::Comm& comm) {
  engine::EdgeSlab s;
  s.num_vertices = e.num_vertices;
  s.num_edges = e.edges.size();
  s.directed = e.directed;
  s.weighted = !e.weights.empty();
  for (std::size_t i = comm.rank(); i < e.edges.size(); i += comm.size()) {
    s.src.push_back(e.edges[i].first);
    s.dst.push_back(e.edges[i].second);
    if (s.weighted) s.weight.push_back(e.weights[i]);
  }
  return s;
}

inline engine::DistGraph build(const EdgeList& e, const engine::Comm& comm,
                               partition::Policy policy = partition::Policy::kUniform) {
  auto slab = slab_of(e, comm);
  const auto dist = partition::choose(policy, slab, comm);
  return partition::build_dist_graph(std::move(slab), dist, comm);
}

// A seeded random graph with skewed degrees (a few hubs), sinks and isolated vertices.
inline EdgeList random_graph(std::uint64_t n, std::size_t m, bool directed, std::uint64_t seed,
                             bool weighted = false) {
  EdgeList e;
  e.num_vertices = n;
  e.directed = directed;
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&] {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    return x;
  };
  for (std::size_t i = 0; i < m; ++i) {
    // Square the uniform draw to skew towards low ids (hubs); leave the top 5% of ids isolated.
    const double a = static_cast<double>(next() % 1000000) / 1e6;
    const auto limit = std::max<std::uint64_t>(1, n - n / 20);
    const std::uint64_t u = static_cast<std::uint64_t>(a * a * limit) % limit;
    const std::uint64_t v = next() % limit;
    e.edges.emplace_back(u, v);
    if (weighted) e.weights.push_back(static_cast<float>(1 + next() % 7) / 2.0f);
  }
  return e;
}

}  // namespace nexus::test
