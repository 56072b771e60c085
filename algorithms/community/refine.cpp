// Leiden's refinement phase (Traag, Waltman, van Eck 2019), deterministic variant: within each
// community of the local-moving partition, vertices start as singletons; a singleton that is well
// connected to its community joins the sub-community (of the same community, reached by an arc)
// with the best modularity gain, ties to the smaller id (the greedy limit of the paper's
// randomised choice). Only singletons move and a singleton target must not be moving in the same
// sub-round, so every sub-community stays connected.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "algorithms/community/adjacency.hpp"
#include "algorithms/community/community_weights.hpp"
#include "algorithms/community/local_moving.hpp"

namespace nexus::algo::community {
namespace {

using engine::GlobalVertex;
using engine::LocalVertex;

// Sweeps over the vertices: one, as in the paper, where every vertex is visited once. (A second
// sweep merges the singletons whose best target was moving at the same time; on Slashdot it
// raised the final modularity by 3e-4 at twice the refinement time.)
constexpr int kRefineSweeps = 1;

struct Snapshot {
  const CommunityTable& outer;  // communities of the local-moving partition
  CommunityTable inner;         // sub-communities
};

// The sub-community singleton v joins, or its own.
GlobalVertex best_merge(const CommunityState& s, const CommunityState& r, const Snapshot& t,
                        LocalVertex v, const MoveParams& p, const RoundColours& colours, int colour,
                        CommunityWeights& w) {
  const GlobalVertex own = r.community(v), c = s.community(v);
  if (t.inner.at(own).size != 1) return own;
  w.clear();
  double to_community = 0;
  for_each_arc(s.graph(), s.weighted(), v, [&](LocalVertex u, double x) {
    if (u == v || s.community(u) != c) return;
    w.add(r.community(u), x);
    to_community += x;
  });
  const double k = s.mass(v), scale = p.resolution * k / s.pair_divisor();
  if (to_community < scale * (t.outer.at(c).total - k)) return own;  // not well connected
  GlobalVertex best = own;
  double best_score = 0;
  for (const auto& [d, x] : w.entries()) {
    const CommunityEntry& e = t.inner.at(d);
    if (e.size == 1 && colours.of(d) == colour) continue;  // it may move right now
    const double score = x - scale * e.total;
    if (best == own || score > best_score || (score == best_score && d < best))
      best = d, best_score = score;
  }
  return best != own && 2 * best_score / s.two_m() > kMinGain ? best : own;
}

}  // namespace

std::uint64_t refine(const CommunityState& s, CommunityState& r, const MoveParams& p) {
  const engine::DistGraph& g = s.graph();
  const CommunityTable outer = s.snapshot();  // s does not change during refinement
  std::uint64_t merges = 0;
  tbb::enumerable_thread_specific<CommunityWeights> weights;
  for (int pass = 1; pass <= std::min(p.max_rounds, kRefineSweeps); ++pass) {
    const RoundColours colours(p, (1 << 30) + pass);  // a schedule distinct from local moving's
    std::vector<std::vector<LocalVertex>> by_colour(p.sub_rounds);
    for (LocalVertex v = 0; v < g.num_owned(); ++v)
      by_colour[colours.of(g.to_global(v))].push_back(v);
    std::uint64_t moved = 0;
    for (int colour = 0; colour < p.sub_rounds; ++colour) {
      const std::vector<LocalVertex>& active = by_colour[colour];
      const Snapshot t{outer, r.snapshot()};
      std::vector<GlobalVertex> target(active.size());
      tbb::parallel_for(std::size_t{0}, active.size(), [&](std::size_t i) {
        target[i] = best_merge(s, r, t, active[i], p, colours, colour, weights.local());
      });
      std::vector<std::pair<LocalVertex, GlobalVertex>> moves;
      for (std::size_t i = 0; i < active.size(); ++i)
        if (target[i] != r.community(active[i])) moves.emplace_back(active[i], target[i]);
      moved += r.move(moves);
    }
    moved = r.comm().sum(moved);
    merges += moved;
    if (moved == 0) break;
  }
  return merges;
}

}  // namespace nexus::algo::community
