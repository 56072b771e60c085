// Leiden (Traag, Waltman, van Eck 2019), distributed: local moving, refinement of each community
// into connected sub-communities, aggregation of the refined partition with the coarse vertices
// starting in their (unrefined) community, until local moving leaves every community a single
// vertex; that vertex is a connected sub-community, hence communities are connected.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "algorithms/community/community_ids.hpp"
#include "algorithms/community/hierarchy.hpp"
#include "algorithms/community/level_checkpoint.hpp"
#include "algorithms/community/modularity.hpp"
#include "engine/exchange.hpp"
#include "engine/log.hpp"

namespace nexus::algo {
namespace {

using community::CommunityState;
using engine::GlobalVertex;
using engine::LocalVertex;

class Leiden {
 public:
  // `first_pass`: the levels' qualities are computed (only the first pass's are reported).
  Leiden(const engine::DistGraph& g, const engine::Comm& comm, const LeidenParams& p,
         community::LevelCheckpoint& checkpoint, bool first_pass)
      : comm_(comm),
        p_(p),
        first_pass_(first_pass),
        hierarchy_(g, comm, p.objective == Objective::kCPM),
        checkpoint_(checkpoint) {}

  // One Leiden iteration from `start` (owned input vertices' communities; empty: singletons).
  CommunityResult run(std::vector<GlobalVertex> start, bool has_start) {
    CommunityResult r;
    int first_level = 0;
    if (const auto s = checkpoint_.resume_level(hierarchy_, r)) {
      first_level = static_cast<int>(s->get<std::int64_t>("level"));
      const engine::DistGraph& top = hierarchy_.top();
      start = s->read_rows<GlobalVertex>("start", top.first_owned(), top.num_owned());
      has_start = true;
    }
    for (int level = first_level;; ++level) {
      hierarchy_.release_below_top();  // only the input and this level's graph are needed
      const engine::DistGraph& g = hierarchy_.top();
      CommunityState s(
          g, comm_, p_.weighted || !hierarchy_.at_input(), hierarchy_.top_mass(), !p_.weighted,
          has_start ? std::span<const GlobalVertex>(start) : std::span<const GlobalVertex>{});
      // Done when local moving leaves every community a single vertex and polishing moves nobody.
      const auto st = local_moving(r, s, level);
      const bool done =
          r.level_communities.back() == g.num_global_vertices() && polish(r, s, level);
      if (done || level + 1 >= p_.max_levels) {
        r.converged = done;
        hierarchy_.finish(s, p_.resolution, p_.weighted, r);
        return r;
      }
      CommunityState refined(s, CommunityState::Singletons{});
      const std::uint64_t merges = refine(s, refined, level);
      engine::debug(comm_, "refinement, level " + std::to_string(level) + ": " +
                               std::to_string(merges) + " merges of " +
                               std::to_string(g.num_global_vertices()) + " vertices");
      // Also done (so that a further pass, from these communities, may follow) when aggregating
      // would give this graph again (no sub-community formed), or nearly again: nobody moved on
      // this level, refinement merged under 1 % of its vertices and every community is connected.
      // The levels above would then mostly merge refined sub-communities inside the same
      // communities, a level at a time (25-30 ms a level on Slashdot with CPM, whose 15,000
      // communities keep the level graphs large); connected communities keep Leiden's guarantee,
      // as each vertex of a level is a connected set of input vertices.
      if (merges == 0 || (st.moves == 0 && st.converged && merges * 100 < g.num_global_vertices() &&
                          community::communities_connected(s))) {
        r.converged = true;
        hierarchy_.finish(s, p_.resolution, p_.weighted, r);
        return r;
      }
      auto coarse = aggregate(refined);
      start = coarse_start(s, coarse);
      has_start = true;
      hierarchy_.push(std::move(coarse));
      checkpoint_.level_done(hierarchy_, r, level + 1, [&](engine::Snapshot& snap) {
        snap.set_rows<GlobalVertex>("start", hierarchy_.top().first_owned(), start);
      });
    }
  }

 private:
  community::MoveParams move_params(int level, double tolerance) const {
    return {.resolution = p_.resolution,
            .tolerance = tolerance,
            .max_rounds = p_.max_iterations,
            .sub_rounds = p_.sub_rounds,
            .seed = p_.seed,
            .level = level,
            .quality = first_pass_};
  }

  community::MoveStats local_moving(CommunityResult& r, CommunityState& s, int level) const {
    const auto st = community::move_vertices(s, move_params(level, p_.tolerance));
    r.level_modularity.push_back(st.modularity);
    r.level_communities.push_back(community::count_communities(s));
    r.level_rounds.push_back(st.rounds);
    r.levels = static_cast<int>(r.level_rounds.size());
    if (p_.keep_levels) r.level_community.push_back(hierarchy_.at_input(s));
    return st;
  }

  // Moves until nobody moves; true when nothing moved (the level is final).
  bool polish(CommunityResult& r, CommunityState& s, int level) const {
    const auto st = community::move_vertices(s, move_params(level, -1.0));
    r.level_modularity.back() = st.modularity;
    r.level_communities.back() = community::count_communities(s);
    r.level_rounds.back() += st.rounds;
    if (p_.keep_levels && st.moves > 0) r.level_community.back() = hierarchy_.at_input(s);
    return st.moves == 0;
  }

  std::uint64_t refine(const CommunityState& s, CommunityState& refined, int level) const {
    return community::refine(s, refined, move_params(level, p_.tolerance));
  }

  community::CoarseLevel aggregate(const CommunityState& refined) const {
    return community::aggregate(refined);
  }

  // The community each coarse vertex starts in: the smallest coarse vertex of its community.
  std::vector<GlobalVertex> coarse_start(const CommunityState& s,
                                         const community::CoarseLevel& coarse) const;

  const engine::Comm& comm_;
  LeidenParams p_;
  bool first_pass_;
  community::Hierarchy hierarchy_;
  community::LevelCheckpoint& checkpoint_;
};

struct Pair {
  GlobalVertex key, value;
};

std::vector<GlobalVertex> Leiden::coarse_start(const CommunityState& s,
                                               const community::CoarseLevel& coarse) const {
  const engine::DistGraph& g = s.graph();
  // The representative of each fine vertex's community: its smallest coarse vertex.
  std::vector<GlobalVertex> communities(g.num_owned());
  for (LocalVertex v = 0; v < g.num_owned(); ++v) communities[v] = s.community(v);
  const auto rep_of = smallest_per_key(communities, coarse.coarse_of, g.distribution(), comm_);
  // At the owner of each coarse vertex: the representative of its community (the same for all
  // its fine vertices, which refinement kept inside one community).
  std::vector<Pair> reps(g.num_owned());
  for (LocalVertex v = 0; v < g.num_owned(); ++v) reps[v] = {coarse.coarse_of[v], rep_of[v]};
  const auto& cd = coarse.graph->distribution();
  std::vector<GlobalVertex> start(cd.count(comm_.rank()));
  for (const Pair& x : engine::exchange_by_owner(comm_, std::move(reps),
                                                 [&](const Pair& x) { return cd.owner(x.key); }))
    start[x.key - cd.begin(comm_.rank())] = x.value;
  return start;
}

}  // namespace

CommunityResult leiden(const engine::DistGraph& g, const engine::Comm& comm,
                       const LeidenParams& p) {
  community::check_params(g, comm, "leiden", p.resolution, p.weighted, p.tolerance, p.max_levels,
                          p.max_iterations, p.sub_rounds, p.max_passes, p.pass_tolerance);
  // Iterated Leiden: each pass starts from the previous communities (ids 0..k-1 are valid vertex
  // ids of g), until a pass gains no more than the pass tolerance.
  community::LevelCheckpoint checkpoint(g, comm, p.checkpointer, p.weighted,
                                        p.objective == Objective::kCPM);
  return community::repeat_while_gaining(
      [&](const CommunityResult* prev) {
        Leiden leiden(g, comm, p, checkpoint, prev == nullptr);
        return prev ? leiden.run({prev->community.begin(), prev->community.end()}, true)
                    : leiden.run({}, false);
      },
      p.max_passes, p.pass_tolerance, true, checkpoint);
}

}  // namespace nexus::algo
