// Hierarchy: the level graphs of a multi-level community run, for every owned input vertex the
// top-level vertex it belongs to, and with CPM every level's vertex masses (1 per input vertex,
// then the sums carried by aggregation). finish() maps the final level's communities back to the
// input vertices.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>

#include "algorithms/community/community_state.hpp"
#include "algorithms/community/local_moving.hpp"
#include "algorithms/community/modularity.hpp"

namespace nexus::algo::community {

class Hierarchy {
 public:
  // `cpm`: the objective is CPM (states get the levels' masses), else modularity.
  Hierarchy(const engine::DistGraph& g, const engine::Comm& comm, bool cpm);
  const engine::DistGraph& top() const { return *top_; }
  std::shared_ptr<const engine::DistGraph> top_ptr() const { return top_; }
  bool at_input() const { return top_.get() == &base_; }
  // The CPM masses of the owned vertices of a level (of the top), null for modularity: what a
  // CommunityState over that level takes.
  const std::vector<double>* mass(int level) const {
    return masses_.empty() ? nullptr : &masses_[level];
  }
  const std::vector<double>* top_mass() const { return mass(num_levels() - 1); }
  // Collective: the coarse level becomes the top; input vertices follow their coarse vertex.
  void push(CoarseLevel&& level);
  // Collective: result.community, sizes, modularity and the final level from the communities of
  // `s` (a state over top(), or over the input graph). The modularity is recomputed on the input
  // graph, unless `s` is over the input graph and the caller passes the modularity of `s`.
  void finish(const CommunityState& s, double resolution, bool weighted, CommunityResult& r,
              std::optional<double> modularity = std::nullopt) const;
  // Collective: the communities of `s` (a state over top(), or over the input graph) as
  // consecutive ids of the owned input vertices (for --levels).
  std::vector<std::int64_t> at_input(const CommunityState& s) const;

  // The graphs of the levels strictly between the input and the top are freed (for a caller
  // that needs neither graph() of them nor project_down: Leiden, whose states over them are gone
  // when its next level begins; a level's graph may be nearly the input's size).
  void release_below_top();

  // Levels kept so far (0 = the input); the graph of one level (not one released).
  int num_levels() const { return static_cast<int>(graphs_.size()); }
  const engine::DistGraph& graph(int level) const { return *graphs_[level]; }
  // Per owned vertex of `level` (below the top): its vertex on level + 1.
  const std::vector<engine::GlobalVertex>& coarse_of(int level) const { return coarse_of_[level]; }
  // Collective: the communities of `coarse` (a state over level + 1) carried down to the owned
  // vertices of `level`, each community named by its smallest vertex of `level`.
  std::vector<engine::GlobalVertex> project_down(const CommunityState& coarse, int level) const;

 private:
  std::vector<engine::GlobalVertex> labels_at_input(const CommunityState& s) const;

  const engine::DistGraph& base_;
  const engine::Comm& comm_;
  std::shared_ptr<const engine::DistGraph> top_;
  std::vector<engine::GlobalVertex> at_level_;                    // per owned input vertex
  std::vector<std::shared_ptr<const engine::DistGraph>> graphs_;  // every level, input first
  std::vector<std::vector<engine::GlobalVertex>> coarse_of_;      // per level below the top
  std::vector<std::vector<double>> masses_;                       // CPM: every level's masses
};

// Number of non-empty communities of a state (collective).
std::uint64_t count_communities(const CommunityState& s);

// Whether every community of a state induces a connected subgraph of its graph (collective; label
// propagation inside the communities).
bool communities_connected(const CommunityState& s);

}  // namespace nexus::algo::community

namespace nexus::algo::community {
// Parameter checks shared by Louvain and Leiden (collective: negative weights are looked for on
// every rank). Throws std::invalid_argument naming the algorithm.
void check_params(const engine::DistGraph& g, const engine::Comm& comm, const char* algorithm,
                  double resolution, bool weighted, double tolerance, int max_levels,
                  int max_iterations, int sub_rounds, int max_passes, double pass_tolerance);

// Iterated runs (Louvain and Leiden alike): pass 1 is run(nullptr); each further pass restarts
// from the best communities so far (ids 0..k-1 are vertex ids of g) while it gains more than
// `tolerance` (the pass tolerance), up to max_passes; with stop_unless_converged a pass that did
// not converge ends the iteration. Keeps the best result, with the levels of pass 1 (the
// hierarchy from the input vertices up) and the modularity of every pass. Checkpoint is a
// LevelCheckpoint (level_checkpoint.hpp): it may resume in a later pass, and it learns where
// passes begin and which result is the best, and keeps pass 1's levels (a run resumed after pass
// 1 reports the same levels as an uninterrupted run, and the pass modularities of the passes it
// ran).
template <class Run, class Checkpoint>
CommunityResult repeat_while_gaining(Run&& run, int max_passes, double tolerance,
                                     bool stop_unless_converged, Checkpoint& checkpoint) {
  CommunityResult best;
  int pass = checkpoint.resume_pass(best);
  if (pass == 1) {
    checkpoint.begin_pass(1, nullptr);
    best = run(nullptr);
    checkpoint.end_pass(true);
    pass = 2;
  }
  CommunityResult first_levels = checkpoint.take_first_levels().value_or(best);
  checkpoint.keep_first_levels(&first_levels);
  std::vector<double> per_pass{best.modularity};
  for (; pass <= max_passes && (best.converged || !stop_unless_converged); ++pass) {
    checkpoint.begin_pass(pass, &best);
    CommunityResult next = run(&best);
    per_pass.push_back(next.modularity);
    const bool gained = next.modularity - best.modularity > tolerance;
    checkpoint.end_pass(next.modularity >= best.modularity);
    if (next.modularity >= best.modularity) best = std::move(next);
    if (!gained) break;
  }
  best.level_modularity = std::move(first_levels.level_modularity);
  best.level_communities = std::move(first_levels.level_communities);
  best.level_rounds = std::move(first_levels.level_rounds);
  best.level_community = std::move(first_levels.level_community);
  best.levels = first_levels.levels;
  best.pass_modularity = std::move(per_pass);
  return best;
}

}  // namespace nexus::algo::community
