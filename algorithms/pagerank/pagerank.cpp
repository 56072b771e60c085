// PageRank, pull direction: one ghost exchange of the per-vertex shares per iteration; every sum
// over in-neighbours runs in global-id order and global sums are exact, so the scores are
// bit-identical for any number of ranks and threads.
#include "algorithms/pagerank/pagerank.hpp"

#include <cmath>

#include "algorithms/pagerank/teleport.hpp"
#include "engine/operators.hpp"

namespace nexus::algo {

using engine::LocalVertex;
using engine::reduce_owned;
using engine::Sum;

PageRankResult pagerank(const engine::DistGraph& g, const engine::Comm& comm,
                        const PageRankParams& p) {
  pagerank_detail::check_params(g, comm, p);
  const pagerank_detail::Teleport teleport(g, p);
  const engine::VertexArray<double> strength = pagerank_detail::out_strength(g, p.weighted);
  PageRankResult result{engine::VertexArray<double>(g), 0, false, 0.0};
  auto& rank = result.scores;
  engine::for_each_owned(g, [&](LocalVertex v) { rank[v] = teleport(v); });
  engine::VertexArray<double> share(g), next(g);
  auto in_sum = [&](LocalVertex v) {
    double in = 0.0;
    if (p.weighted) {
      const auto nbrs = g.in_neighbors(v);
      const auto w = g.in_weights(v);
      for (std::size_t k = 0; k < nbrs.size(); ++k) in += share[nbrs[k]] * w[k];
    } else {
      for (LocalVertex u : g.in_neighbors(v)) in += share[u];
    }
    return in;
  };
  for (int iter = 1; iter <= p.max_iterations; ++iter) {
    const double sink_mass = reduce_owned(g, comm, Sum{}, [&](LocalVertex v) {
      share[v] = strength[v] > 0 ? rank[v] / strength[v] : 0.0;
      return strength[v] > 0 ? 0.0 : rank[v];
    });
    engine::sync_ghosts(g, comm, share);  // the only halo exchange per iteration
    const double redistributed = (1 - p.damping) + p.damping * sink_mass;
    const double change = reduce_owned(g, comm, Sum{}, [&](LocalVertex v) {
      next[v] = redistributed * teleport(v) + p.damping * in_sum(v);
      return std::abs(next[v] - rank[v]);
    });
    std::swap(rank, next);
    result.iterations = iter;
    result.last_change = change;
    if (change < p.tolerance) {
      result.converged = true;
      break;
    }
  }
  return result;
}

}  // namespace nexus::algo
