// The undirected view of a DistGraph that community algorithms use: the neighbours of v are its
// out-arcs and, for a directed graph, its in-arcs too (so A_uv = w(u->v) + w(v->u), igraph's
// "each" conversion). An undirected self-loop of weight w counts 2w (a directed one appears in
// both lists), so that the arc weights of all vertices sum to 2m. Neighbours come in global-id
// order (out-list, then in-list), which makes per-vertex sums partition-independent.
#pragma once

#include <cstdint>
#include <span>

#include "engine/dist_graph.hpp"

namespace nexus::algo::community {

template <class F>
void for_each_arc(const engine::DistGraph& g, bool weighted, engine::LocalVertex v, F&& f) {
  // One loop (one call of f, which the compiler inlines) over the out-list and, for a directed
  // graph, the in-list; the flags are locals, so they stay in registers.
  const bool undirected = !g.directed();
  const engine::LocalVertex self = v;
  const std::span<const engine::LocalVertex> lists[2] = {
      g.out_neighbors(v), undirected ? std::span<const engine::LocalVertex>{} : g.in_neighbors(v)};
  const float* const weights[2] = {weighted ? g.out_weights(v).data() : nullptr,
                                   weighted && !undirected ? g.in_weights(v).data() : nullptr};
  for (int l = 0; l < 2; ++l) {
    const engine::LocalVertex* const u = lists[l].data();
    const float* const w = weights[l];
    for (std::size_t k = 0, n = lists[l].size(); k < n; ++k) {
      double x = weighted ? static_cast<double>(w[k]) : 1.0;
      if (undirected && u[k] == self) x *= 2;
      f(u[k], x);
    }
  }
}

// The arc count of v in the undirected view: what for_each_arc's weights sum to when unweighted.
inline std::uint64_t unweighted_degree(const engine::DistGraph& g, engine::LocalVertex v) {
  const auto out = g.out_neighbors(v);
  if (g.directed()) return out.size() + g.in_neighbors(v).size();
  std::uint64_t loops = 0;
  for (engine::LocalVertex u : out) loops += u == v;
  return out.size() + loops;
}

// Visits neighbours only (no weights), for connectivity.
template <class F>
void for_each_neighbor(const engine::DistGraph& g, engine::LocalVertex v, F&& f) {
  for (engine::LocalVertex u : g.out_neighbors(v)) f(u);
  if (g.directed())
    for (engine::LocalVertex u : g.in_neighbors(v)) f(u);
}

}  // namespace nexus::algo::community
