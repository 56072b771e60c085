// PageRank by pull-direction power iteration, the definition networkx and igraph use: damping d,
// teleport vector t (uniform, or uniform over the personalisation sources), the mass of sinks
// (vertices without out-arcs) redistributed along t, scores summing to 1, self-loops ordinary
// arcs, optional edge weights (a vertex's share split in proportion to its out-arc weights).
// Stops when the L1 change between iterates falls below `tolerance` (not scaled by n).
#pragma once

#include <vector>

#include "engine/checkpoint.hpp"
#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"
#include "engine/vertex_array.hpp"

namespace nexus::algo {

struct PageRankParams {
  double damping = 0.85;     // probability of following an arc, in [0, 1)
  double tolerance = 1e-10;  // on the L1 change; 0 runs exactly max_iterations
  int max_iterations = 200;
  bool weighted = false;                      // use edge weights (the graph must be weighted)
  std::vector<engine::GlobalVertex> sources;  // personalisation; empty = uniform teleport
  // Optional: saves (rank vector, iteration, last change) at iteration ends and resumes from it.
  engine::Checkpointer* checkpointer = nullptr;
};

struct PageRankResult {
  engine::VertexArray<double> scores;  // owned entries are the result
  int iterations = 0;
  bool converged = false;
  double last_change = 0.0;  // L1 change of the last iteration
};

// Collective. Throws std::invalid_argument for invalid parameters (checked on every rank alike).
PageRankResult pagerank(const engine::DistGraph& g, const engine::Comm& comm,
                        const PageRankParams& p);

struct PageRankCheck {
  bool ok = false;
  double residual = 0.0;  // L1 norm of T(x) - x, computed by a push-direction step
  double total = 0.0;     // sum of the scores
  std::string message;
};

// Collective verifier by another method: one push step in double precision (scatter along
// out-arcs, ghost sums reduced to owners) must move the scores by at most
// damping * last_change + 2^-22, the second term bounding the float32 rounding of the solver's
// shares (at most 2^-24 of the mass per iteration) and the final renormalisation (at most
// (1 + d) 2^-24); the scores must be finite, non-negative and sum to 1.
PageRankCheck verify_pagerank(const engine::DistGraph& g, const engine::Comm& comm,
                              const PageRankParams& p, const PageRankResult& result);

}  // namespace nexus::algo
