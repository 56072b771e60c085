// The undirected view of a DistGraph that community algorithms use: the neighbours of v are its
// out-arcs and, for a directed graph, its in-arcs too (so A_uv = w(u->v) + w(v->u), igraph's
// "each" conversion). An undirected self-loop of weight w counts 2w (a directed one appears in
// both lists), so that the arc weights of all vertices sum to 2m. Neighbours come in global-id
// order (out-list, then in-list), which makes per-vertex sums partition-independent.
#pragma once

#include "engine/dist_graph.hpp"

namespace nexus::algo::community {

template <class F>
void for_each_arc(const engine::DistGraph& g, bool weighted, engine::LocalVertex v, F&& f) {
  auto visit = [&](std::span<const engine::LocalVertex> nbrs, const float* w, bool double_loops) {
    for (std::size_t k = 0; k < nbrs.size(); ++k) {
      double x = weighted ? static_cast<double>(w[k]) : 1.0;
      if (double_loops && nbrs[k] == v) x *= 2;
      f(nbrs[k], x);
    }
  };
  visit(g.out_neighbors(v), weighted ? g.out_weights(v).data() : nullptr, !g.directed());
  if (g.directed()) visit(g.in_neighbors(v), weighted ? g.in_weights(v).data() : nullptr, false);
}

// Visits neighbours only (no weights), for connectivity.
template <class F>
void for_each_neighbor(const engine::DistGraph& g, engine::LocalVertex v, F&& f) {
  for (engine::LocalVertex u : g.out_neighbors(v)) f(u);
  if (g.directed())
    for (engine::LocalVertex u : g.in_neighbors(v)) f(u);
}

}  // namespace nexus::algo::community
