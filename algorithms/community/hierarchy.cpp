// Hierarchy: projection of input vertices through the levels, and the final numbering.
#include "algorithms/community/hierarchy.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "algorithms/community/community_ids.hpp"
#include "algorithms/community/wcc.hpp"
#include "engine/exchange.hpp"

namespace nexus::algo::community {

using engine::GlobalVertex;
using engine::LocalVertex;

Hierarchy::Hierarchy(const engine::DistGraph& g, const engine::Comm& comm, bool cpm)
    : base_(g), comm_(comm), top_(&g, [](const engine::DistGraph*) {}) {
  at_level_.resize(g.num_owned());
  for (LocalVertex v = 0; v < g.num_owned(); ++v) at_level_[v] = g.to_global(v);
  graphs_.push_back(top_);
  if (cpm) masses_.emplace_back(g.num_owned(), 1.0);
}

void Hierarchy::push(CoarseLevel&& level) {
  const engine::DistGraph& fine = *top_;
  at_level_ = engine::query_by_owner<GlobalVertex>(
      comm_, at_level_, [&](GlobalVertex x) { return fine.distribution().owner(x); },
      [&](GlobalVertex x) { return level.coarse_of[x - fine.first_owned()]; });
  top_ = std::shared_ptr<const engine::DistGraph>(std::move(level.graph));
  graphs_.push_back(top_);
  coarse_of_.push_back(std::move(level.coarse_of));
  if (!masses_.empty()) masses_.push_back(std::move(level.mass));
}

void Hierarchy::release_below_top() {
  for (std::size_t l = 1; l + 1 < graphs_.size(); ++l) graphs_[l].reset();
}

std::vector<GlobalVertex> Hierarchy::project_down(const CommunityState& coarse, int level) const {
  const engine::DistGraph& fine = *graphs_[level];
  const auto& cd = graphs_[level + 1]->distribution();
  const auto community = engine::query_by_owner<GlobalVertex>(
      comm_, coarse_of_[level], [&](GlobalVertex x) { return cd.owner(x); },
      [&](GlobalVertex x) {
        return coarse.community(static_cast<LocalVertex>(x - cd.begin(comm_.rank())));
      });
  std::vector<GlobalVertex> self(fine.num_owned());
  for (LocalVertex v = 0; v < fine.num_owned(); ++v) self[v] = fine.to_global(v);
  return smallest_per_key(community, self, cd, comm_);
}

std::vector<GlobalVertex> Hierarchy::labels_at_input(const CommunityState& s) const {
  if (&s.graph() == &base_) return {s.membership().owned().begin(), s.membership().owned().end()};
  const engine::DistGraph& top = *top_;
  return engine::query_by_owner<GlobalVertex>(
      comm_, at_level_, [&](GlobalVertex x) { return top.distribution().owner(x); },
      [&](GlobalVertex x) { return s.community(static_cast<LocalVertex>(x - top.first_owned())); });
}

std::vector<std::int64_t> Hierarchy::at_input(const CommunityState& s) const {
  return number_by_smallest_member(base_, comm_, labels_at_input(s), s.graph().distribution()).id;
}

void Hierarchy::finish(const CommunityState& s, double resolution, bool weighted,
                       CommunityResult& r, std::optional<double> modularity) const {
  const bool on_input = &s.graph() == &base_;
  auto numbered =
      number_by_smallest_member(base_, comm_, labels_at_input(s), s.graph().distribution());
  r.community = std::move(numbered.id);
  r.sizes = std::move(numbered.sizes);
  if (on_input && modularity) {
    r.modularity = *modularity;  // the same communities, numbered differently
  } else {
    const std::vector<GlobalVertex> communities(r.community.begin(), r.community.end());
    CommunityState input(base_, comm_, weighted, mass(0), false, communities);
    r.modularity = input.quality(resolution);
  }
  r.final_graph = on_input ? graphs_.front() : top_;
  r.final_weighted = !on_input || weighted;
  r.final_membership.assign(s.membership().owned().begin(), s.membership().owned().end());
  if (!masses_.empty()) r.final_mass = on_input ? masses_.front() : masses_.back();
}

std::uint64_t count_communities(const CommunityState& s) {
  std::uint64_t used = 0;
  const auto& g = s.graph();
  for (LocalVertex c = 0; c < g.num_owned(); ++c) used += s.owned_entry(g.to_global(c)).size > 0;
  return s.comm().sum(used);
}

bool communities_connected(const CommunityState& s) {
  const engine::DistGraph& g = s.graph();
  engine::VertexArray<std::int64_t> id(g);
  for (LocalVertex v = 0; v < g.num_local(); ++v) id[v] = static_cast<std::int64_t>(s.community(v));
  return connected_pieces(g, s.comm(), id) == count_communities(s);
}

}  // namespace nexus::algo::community

namespace nexus::algo::community {

void check_params(const engine::DistGraph& g, const engine::Comm& comm, const char* algorithm,
                  double resolution, bool weighted, double tolerance, int max_levels,
                  int max_iterations, int sub_rounds, int max_passes, double pass_tolerance) {
  const std::string a = algorithm;
  if (max_passes < 1) throw std::invalid_argument(a + ": max_passes must be >= 1");
  if (!(pass_tolerance >= 0)) throw std::invalid_argument(a + ": pass_tolerance must be >= 0");
  if (!(resolution > 0) || !std::isfinite(resolution))
    throw std::invalid_argument(a + ": resolution must be > 0, got " + std::to_string(resolution));
  if (!(tolerance >= 0)) throw std::invalid_argument(a + ": tolerance must be >= 0");
  if (max_levels < 1) throw std::invalid_argument(a + ": max_levels must be >= 1");
  if (max_iterations < 1) throw std::invalid_argument(a + ": max_iterations must be >= 1");
  if (sub_rounds < 1 || sub_rounds > 64)
    throw std::invalid_argument(a + ": sub_rounds must be in [1, 64]");
  if (weighted && !g.weighted())
    throw std::invalid_argument(a + ": weighted requested but the graph has no weights");
  bool negative = false;
  if (weighted)
    for (LocalVertex v = 0; v < g.num_owned(); ++v) {
      for (float w : g.out_weights(v)) negative |= !(w >= 0);
      if (g.directed())
        for (float w : g.in_weights(v)) negative |= !(w >= 0);
    }
  if (comm.any(negative))
    throw std::invalid_argument(a + ": edge weights must be non-negative and finite");
}

}  // namespace nexus::algo::community
