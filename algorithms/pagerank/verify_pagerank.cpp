// PageRank verifier by a push-direction step, and the helpers shared with the solver.
#include <cmath>

#include "algorithms/pagerank/pagerank.hpp"
#include "algorithms/pagerank/teleport.hpp"
#include "engine/operators.hpp"

namespace nexus::algo {
namespace pagerank_detail {

void check_params(const engine::DistGraph& g, const engine::Comm& comm, const PageRankParams& p) {
  if (!(p.damping >= 0.0 && p.damping < 1.0))
    throw std::invalid_argument("pagerank: damping must be in [0, 1), got " +
                                std::to_string(p.damping));
  if (!(p.tolerance >= 0.0)) throw std::invalid_argument("pagerank: tolerance must be >= 0");
  if (p.max_iterations < 1) throw std::invalid_argument("pagerank: max_iterations must be >= 1");
  if (p.weighted && !g.weighted())
    throw std::invalid_argument("pagerank: weighted requested but the graph has no weights");
  for (auto s : p.sources)
    if (s >= g.num_global_vertices())
      throw std::invalid_argument("pagerank: source vertex " + std::to_string(s) + " out of range");
  if (p.weighted) {
    const int negative = engine::reduce_owned(g, comm, engine::Max{}, [&](engine::LocalVertex v) {
      for (float w : g.out_weights(v))
        if (w < 0) return 1;
      return 0;
    });
    if (negative) throw std::invalid_argument("pagerank: edge weights must be non-negative");
  }
}

engine::VertexArray<double> out_strength(const engine::DistGraph& g, bool weighted) {
  engine::VertexArray<double> s(g);
  engine::for_each_owned(g, [&](engine::LocalVertex v) {
    if (!weighted) {
      s[v] = static_cast<double>(g.out_degree(v));
      return;
    }
    double total = 0;
    for (float w : g.out_weights(v)) total += w;
    s[v] = total;
  });
  return s;
}

}  // namespace pagerank_detail

PageRankCheck verify_pagerank(const engine::DistGraph& g, const engine::Comm& comm,
                              const PageRankParams& p, const PageRankResult& result) {
  using engine::LocalVertex;
  const pagerank_detail::Teleport teleport(g, p);
  const auto strength = pagerank_detail::out_strength(g, p.weighted);
  const auto& x = result.scores;
  // Push: every owned vertex scatters its share along its out-arcs (to owned or ghost slots),
  // sequentially, then ghost slots are summed into their owners.
  engine::VertexArray<double> pushed(g, 0.0);
  double sink = 0;
  for (LocalVertex u = 0; u < g.num_owned(); ++u) {
    if (strength[u] <= 0) {
      sink += x[u];
      continue;
    }
    const auto nbrs = g.out_neighbors(u);
    for (std::size_t k = 0; k < nbrs.size(); ++k)
      pushed[nbrs[k]] += x[u] / strength[u] * (p.weighted ? g.out_weights(u)[k] : 1.0f);
  }
  engine::reduce_ghosts(g, comm, pushed, engine::Sum{});
  const double sink_mass = comm.sum(sink);
  const double redistributed = (1 - p.damping) + p.damping * sink_mass;
  PageRankCheck c;
  c.residual = engine::reduce_owned(g, comm, engine::Sum{}, [&](LocalVertex v) {
    return std::abs(redistributed * teleport(v) + p.damping * pushed[v] - x[v]);
  });
  c.total = engine::reduce_owned(g, comm, engine::Sum{}, [&](LocalVertex v) { return x[v]; });
  const int bad = engine::reduce_owned(g, comm, engine::Max{}, [&](LocalVertex v) {
    return std::isfinite(x[v]) && x[v] >= 0 ? 0 : 1;
  });
  const double bound = p.damping * result.last_change + std::ldexp(1.0, -22);
  c.ok = !bad && c.residual <= bound && std::abs(c.total - 1.0) < 1e-9;
  c.message = bad                  ? "non-finite or negative score"
              : c.residual > bound ? "push residual " + std::to_string(c.residual) +
                                         " exceeds bound " + std::to_string(bound)
              : std::abs(c.total - 1.0) >= 1e-9 ? "scores sum to " + std::to_string(c.total)
                                                : "ok";
  return c;
}

}  // namespace nexus::algo
