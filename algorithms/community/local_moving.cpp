// Local moving (Blondel et al. 2008) in synchronous, coloured sub-rounds: the community table
// entries a sub-round needs are fetched from their owners, every active vertex picks its best
// community from that snapshot, and the moves are sent back as keyed updates.
#include "algorithms/community/local_moving.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>

#include "algorithms/community/adjacency.hpp"
#include "algorithms/community/community_weights.hpp"

namespace nexus::algo::community {
namespace {

using engine::GlobalVertex;
using engine::LocalVertex;
using Moves = std::vector<std::pair<LocalVertex, GlobalVertex>>;

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Communities of the active vertices and of their neighbours, sorted and distinct.
std::vector<GlobalVertex> needed_communities(const CommunityState& s,
                                             const std::vector<LocalVertex>& active) {
  std::vector<GlobalVertex> ids;
  for (LocalVertex v : active) {
    ids.push_back(s.community(v));
    ids.push_back(s.graph().to_global(v));  // v's own id: the empty community it may isolate to
    for_each_neighbor(s.graph(), v, [&](LocalVertex u) { ids.push_back(s.community(u)); });
  }
  tbb::parallel_sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// The best community for v given the snapshot `t`, or its own if no move gains > kMinGain.
GlobalVertex best_move(const CommunityState& s, const CommunityTable& t, LocalVertex v,
                       double resolution, CommunityWeights& w) {
  w.clear();
  for_each_arc(s.graph(), s.weighted(), v, [&](LocalVertex u, double x) {
    if (u != v) w.add(s.community(u), x);
  });
  const GlobalVertex c = s.community(v);
  const double k = s.degree(v), scale = resolution * k / s.two_m();
  const CommunityEntry& own = t.at(c);
  const double stay = w.get(c) - scale * (own.total - k);
  GlobalVertex best = c;
  double best_score = 0;
  for (const auto& [d, x] : w.entries()) {
    if (d == c) continue;
    const CommunityEntry& e = t.at(d);
    if (own.size == 1 && e.size == 1 && d > c) continue;  // singletons only join smaller ids
    const double score = x - scale * e.total;
    if (best == c || score > best_score || (score == best_score && d < best))
      best = d, best_score = score;
  }
  // Isolation: a vertex may leave for an empty community (score 0). Its own id is free for it
  // when empty in the snapshot (nobody can join an empty community in the same sub-round).
  const GlobalVertex self = s.graph().to_global(v);
  if (own.size > 1 && (best == c || best_score < 0) && self != c && t.at(self).size == 0)
    best = self, best_score = 0;
  if (best == c || 2 * (best_score - stay) / s.two_m() <= kMinGain) return c;
  return best;
}

// One sub-round: the active vertices decide from one snapshot, then move together.
std::uint64_t sub_round(CommunityState& s, const std::vector<LocalVertex>& active,
                        double resolution) {
  const CommunityTable t = s.fetch(needed_communities(s, active));
  std::vector<GlobalVertex> target(active.size());
  tbb::enumerable_thread_specific<CommunityWeights> weights;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, active.size(), 256),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      auto& w = weights.local();
                      for (std::size_t i = r.begin(); i != r.end(); ++i)
                        target[i] = best_move(s, t, active[i], resolution, w);
                    });
  Moves moves;
  for (std::size_t i = 0; i < active.size(); ++i)
    if (target[i] != s.community(active[i])) moves.emplace_back(active[i], target[i]);
  return s.move(moves);
}

}  // namespace

int colour_of(const MoveParams& p, int round, GlobalVertex v) {
  const std::uint64_t h =
      mix(p.seed ^ mix((std::uint64_t(p.level) << 32) + std::uint64_t(round)) ^ mix(v + 1));
  return static_cast<int>(h % static_cast<std::uint64_t>(p.sub_rounds));
}

MoveStats move_vertices(CommunityState& s, const MoveParams& p) {
  const engine::DistGraph& g = s.graph();
  MoveStats st;
  double q = s.modularity(p.resolution);
  std::vector<std::vector<LocalVertex>> active(p.sub_rounds);
  while (st.rounds < p.max_rounds) {
    ++st.rounds;
    for (auto& a : active) a.clear();
    for (LocalVertex v = 0; v < g.num_owned(); ++v)
      active[colour_of(p, st.rounds, g.to_global(v))].push_back(v);
    std::uint64_t moved = 0;
    for (const auto& a : active) moved += sub_round(s, a, p.resolution);
    st.moves += moved;
    const double next = s.modularity(p.resolution);
    const double gain = next - q;
    q = next;
    if (moved == 0) {
      st.converged = true;
      break;
    }
    if (p.tolerance >= 0 && gain <= p.tolerance) break;
  }
  st.modularity = q;
  return st;
}

}  // namespace nexus::algo::community
