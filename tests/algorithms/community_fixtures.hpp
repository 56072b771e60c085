// Shared by the community tests: a planted-partition graph, gathering owned results in global-id
// order, and serial modularity and CPM oracles over an edge list.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "engine/comm.hpp"
#include "tests/graph_fixtures.hpp"

namespace nexus::test {

// The path 0 - 1 - ... - (n - 1), undirected.
inline EdgeList path(std::uint64_t n) {
  EdgeList e{n, false, {}, {}};
  for (std::uint64_t v = 0; v + 1 < n; ++v) e.edges.emplace_back(v, v + 1);
  return e;
}

// `groups` groups of `size` vertices; each vertex gets `in` arcs inside its group and `out`
// arcs to random vertices (seeded xorshift).
inline EdgeList planted(std::uint64_t groups, std::uint64_t size, int in, int out,
                        std::uint64_t seed, bool directed = false, bool weighted = false) {
  EdgeList e{groups * size, directed, {}, {}};
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 7;
  auto next = [&] { return x ^= x << 13, x ^= x >> 7, x ^= x << 17; };
  for (std::uint64_t v = 0; v < e.num_vertices; ++v) {
    for (int k = 0; k < in + out; ++k) {
      const std::uint64_t u = k < in ? (v / size) * size + next() % size : next() % e.num_vertices;
      e.edges.emplace_back(v, u);
      if (weighted) e.weights.push_back(static_cast<float>(1 + next() % 4) / 2.0f);
    }
  }
  return e;
}

template <class T>
std::vector<T> gather(const std::vector<T>& owned, const engine::Comm& comm) {
  return comm.allgatherv(owned);  // ranks own consecutive ranges in rank order
}

// Modularity of a membership, straight from the definition over the undirected view.
inline double serial_modularity(const EdgeList& e, const std::vector<std::int64_t>& c,
                                double resolution = 1.0) {
  std::map<std::int64_t, double> tot;
  double inside = 0, two_m = 0;
  for (std::size_t i = 0; i < e.edges.size(); ++i) {
    const auto [u, v] = e.edges[i];
    const double w = e.weights.empty() ? 1.0 : e.weights[i];
    two_m += 2 * w;
    tot[c[u]] += w;
    tot[c[v]] += w;
    if (c[u] == c[v]) inside += 2 * w;
  }
  double q = inside / two_m;
  for (const auto& [k, t] : tot) q -= resolution * (t / two_m) * (t / two_m);
  return q;
}

// CPM quality (igraph's normalisation) of a membership, from the definition:
// sum_c [2 w(edges inside c) - resolution * |c|^2] / 2m.
inline double serial_cpm(const EdgeList& e, const std::vector<std::int64_t>& c, double resolution) {
  std::map<std::int64_t, double> size;
  for (std::int64_t x : c) size[x] += 1;
  double inside = 0, two_m = 0;
  for (std::size_t i = 0; i < e.edges.size(); ++i) {
    const auto [u, v] = e.edges[i];
    const double w = e.weights.empty() ? 1.0 : e.weights[i];
    two_m += 2 * w;
    if (c[u] == c[v]) inside += 2 * w;
  }
  double q = inside;
  for (const auto& [k, n] : size) q -= resolution * n * n;
  return q / two_m;
}

}  // namespace nexus::test
