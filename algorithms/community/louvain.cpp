// Louvain (Blondel, Guillaume, Lambiotte, Lefebvre 2008), distributed: on every level, local
// moving in coloured synchronous rounds, then aggregation into a coarse distributed graph, until
// a level gains no more than the tolerance or max_levels; the last level is polished until no
// single move improves modularity.
#include <limits>
#include <memory>
#include <stdexcept>

#include "algorithms/community/hierarchy.hpp"
#include "algorithms/community/level_checkpoint.hpp"
#include "algorithms/community/modularity.hpp"

namespace nexus::algo {
namespace {

using community::CommunityState;

class Louvain {
 public:
  Louvain(const engine::DistGraph& g, const engine::Comm& comm, const LouvainParams& p,
          community::LevelCheckpoint& checkpoint)
      : comm_(comm),
        p_(p),
        hierarchy_(g, comm, p.objective == Objective::kCPM),
        checkpoint_(checkpoint) {}

  // One multilevel run from `start` (owned input vertices' communities) when `prev` (the result
  // `start` comes from) is given; when no single move improves it (prev->node_optimal), local
  // moving on the input graph is skipped.
  CommunityResult run(const std::vector<engine::GlobalVertex>& start, const CommunityResult* prev) {
    const bool has_start = prev != nullptr;
    CommunityResult r;
    double previous = -std::numeric_limits<double>::infinity();
    int first_level = 0;
    if (const auto s = checkpoint_.resume_level(hierarchy_, r)) {
      first_level = static_cast<int>(s->get<std::int64_t>("level"));
      previous = s->get<double>("previous");
    }
    for (int level = first_level;; ++level) {
      // A pass that starts from earlier communities aggregates them before anything else.
      const bool restart = has_start && level == 0;
      CommunityState s(hierarchy_.top(), comm_, weighted(), hierarchy_.top_mass(), !p_.weighted,
                       restart ? std::span<const engine::GlobalVertex>(start)
                               : std::span<const engine::GlobalVertex>{});
      const auto st = restart && prev->node_optimal ? unmoved(prev->modularity)
                                                    : local_moving(s, level, p_.tolerance);
      record(r, s, st);
      const bool gained = restart || (st.moves > 0 && st.modularity - previous > p_.tolerance);
      if (!gained || level + 1 >= p_.max_levels) {
        r.converged = !gained;
        r.node_optimal = refine_down(r, s, level, polish(r, s, level));
        return r;
      }
      previous = st.modularity;
      auto coarse = aggregate(s);
      hierarchy_.push(std::move(coarse));
      checkpoint_.level_done(hierarchy_, r, level + 1,
                             [&](engine::Snapshot& snap) { snap.set("previous", previous); });
    }
  }

 private:
  bool weighted() const { return p_.weighted || !hierarchy_.at_input(); }

  community::MoveStats local_moving(CommunityState& s, int level, double tolerance) const {
    return community::move_vertices(s, {.resolution = p_.resolution,
                                        .tolerance = tolerance,
                                        .max_rounds = p_.max_iterations,
                                        .sub_rounds = p_.sub_rounds,
                                        .seed = p_.seed,
                                        .level = level});
  }

  // The statistics of a level where nobody moves.
  static community::MoveStats unmoved(double modularity) {
    return {.rounds = 0, .moves = 0, .modularity = modularity, .converged = true};
  }

  // Multilevel refinement: the final communities are carried down level by level and local moving
  // resumes on each finer level (until nobody moves), ending node-optimal on the input graph.
  // `top_moved`: the polish of the top level. Returns whether the last local moving converged.
  bool refine_down(CommunityResult& r, const CommunityState& top, int top_level,
                   const community::MoveStats& top_moved) {
    std::unique_ptr<CommunityState> coarse;
    community::MoveStats last = top_moved;
    for (int level = top_level - 1; level >= 0; --level) {
      const CommunityState& above = coarse ? *coarse : top;
      auto s = std::make_unique<CommunityState>(hierarchy_.graph(level), comm_,
                                                p_.weighted || level > 0, hierarchy_.mass(level),
                                                false, hierarchy_.project_down(above, level));
      const auto st = local_moving(*s, level, -1.0);
      r.refined_modularity.push_back(st.modularity);
      last = st;
      coarse = std::move(s);
    }
    // The last local moving was on the input graph: its modularity is the result's.
    hierarchy_.finish(coarse ? *coarse : top, p_.resolution, p_.weighted, r, last.modularity);
    return last.converged;
  }

  community::CoarseLevel aggregate(const CommunityState& s) const {
    return community::aggregate(s);
  }

  // Local moving again until nobody moves, so that no single move improves the final level.
  community::MoveStats polish(CommunityResult& r, CommunityState& s, int level) const {
    const auto st = local_moving(s, level, -1.0);
    r.level_modularity.back() = st.modularity;
    r.level_communities.back() = community::count_communities(s);
    r.level_rounds.back() += st.rounds;
    if (p_.keep_levels) r.level_community.back() = hierarchy_.at_input(s);
    return st;
  }

  void record(CommunityResult& r, const CommunityState& s, const community::MoveStats& st) const {
    r.level_modularity.push_back(st.modularity);
    r.level_communities.push_back(community::count_communities(s));
    r.level_rounds.push_back(st.rounds);
    r.levels = static_cast<int>(r.level_modularity.size());
    if (p_.keep_levels) r.level_community.push_back(hierarchy_.at_input(s));
  }

  const engine::Comm& comm_;
  LouvainParams p_;
  community::Hierarchy hierarchy_;
  community::LevelCheckpoint& checkpoint_;
};

}  // namespace

CommunityResult louvain(const engine::DistGraph& g, const engine::Comm& comm,
                        const LouvainParams& p) {
  community::check_params(g, comm, "louvain", p.resolution, p.weighted, p.tolerance, p.max_levels,
                          p.max_iterations, p.sub_rounds, p.max_passes, p.pass_tolerance);
  // Each further pass restarts from the previous communities (ids 0..k-1 are vertex ids of g)
  // while it gains more than the pass tolerance.
  community::LevelCheckpoint checkpoint(g, comm, p.checkpointer, p.weighted,
                                        p.objective == Objective::kCPM);
  return community::repeat_while_gaining(
      [&](const CommunityResult* prev) {
        Louvain louvain(g, comm, p, checkpoint);
        return prev ? louvain.run({prev->community.begin(), prev->community.end()}, prev)
                    : louvain.run({}, nullptr);
      },
      p.max_passes, p.pass_tolerance, false, checkpoint);
}

}  // namespace nexus::algo
