// Shared pieces of PageRank and its verifier: parameter checks, the teleport probability of an
// owned vertex, and each vertex's out-arc weight total.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>

#include "algorithms/pagerank/pagerank.hpp"
#include "engine/operators.hpp"

namespace nexus::algo::pagerank_detail {

// Teleport distribution t: uniform over all vertices, or over the (deduplicated) sources.
class Teleport {
 public:
  Teleport(const engine::DistGraph& g, const PageRankParams& p) : g_(g), sources_(p.sources) {
    std::sort(sources_.begin(), sources_.end());
    sources_.erase(std::unique(sources_.begin(), sources_.end()), sources_.end());
    const double count = sources_.empty() ? static_cast<double>(g.num_global_vertices())
                                          : static_cast<double>(sources_.size());
    weight_ = 1.0 / count;
  }
  double operator()(engine::LocalVertex v) const {
    if (sources_.empty()) return weight_;
    return std::binary_search(sources_.begin(), sources_.end(), g_.to_global(v)) ? weight_ : 0.0;
  }

 private:
  const engine::DistGraph& g_;
  std::vector<engine::GlobalVertex> sources_;
  double weight_ = 0.0;
};

void check_params(const engine::DistGraph& g, const engine::Comm& comm, const PageRankParams& p);

// Sum of out-arc weights of each owned vertex (or out-degree when unweighted).
engine::VertexArray<double> out_strength(const engine::DistGraph& g, bool weighted);

}  // namespace nexus::algo::pagerank_detail
