// Local moving (Blondel et al. 2008) in synchronous, coloured sub-rounds: every active vertex
// picks its best community from the community table as the sub-round starts (this rank's entries
// and its up-to-date copies of remote ones), and the moves are sent as keyed updates.
#include "algorithms/community/local_moving.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "algorithms/community/adjacency.hpp"
#include "algorithms/community/community_weights.hpp"
#include "engine/exact_sum.hpp"
#include "engine/log.hpp"

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

struct Move {
  GlobalVertex to;
  double gain;  // modularity gain predicted from the snapshot
};

// The best community for v given the snapshot `t`, or its own if no move gains > kMinGain.
Move best_move(const CommunityState& s, const CommunityTable& t, LocalVertex v, double resolution,
               CommunityWeights& w) {
  // Arcs into v's own community (usually most of them) are summed apart from the map.
  const GlobalVertex c = s.community(v);
  w.clear();
  double to_own = 0;
  for_each_arc(s.graph(), s.weighted(), v, [&](LocalVertex u, double x) {
    if (u == v) return;
    const GlobalVertex d = s.community(u);
    if (d == c)
      to_own += x;
    else
      w.add(d, x);
  });
  const double k = s.mass(v), scale = resolution * k / s.pair_divisor();
  const CommunityEntry& own = t.at(c);
  const double stay = to_own - scale * (own.total - k);
  GlobalVertex best = c;
  double best_score = 0;
  for (const auto& [d, x] : w.entries()) {
    const CommunityEntry& e = t.at(d);
    if (own.size == 1 && e.size == 1 && d > c) continue;  // singletons only join smaller ids
    const double score = x - scale * e.total;
    if (best == c || score > best_score || (score == best_score && d < best))
      best = d, best_score = score;
  }
  // Isolation: a vertex may leave for an empty community (score 0): its own id when that is
  // empty, else its spare id. Only v enters either while it is empty (others join the
  // communities of their neighbours), and no spare id is in use when a round starts
  // (move_vertices), so one of them is empty when v decides. Looked up only when leaving alone
  // would gain: otherwise neither it nor a negative-score best can be chosen below.
  if (own.size > 1 && (best == c || best_score < 0) && 2 * (0 - stay) / s.two_m() > kMinGain) {
    const GlobalVertex self = s.graph().to_global(v);
    const GlobalVertex alone = t.at(self).size == 0 ? self : s.spare_of(v);
    if (t.at(alone).size == 0) best = alone, best_score = 0;
  }
  const double gain = 2 * (best_score - stay) / s.two_m();
  if (best == c || gain <= kMinGain) return {c, 0.0};
  return {best, gain};
}

// Vertex pruning: a vertex is looked at again when it or a neighbour changed community since it
// last decided (the totals of distant communities may have changed too, which the full round that
// ends every level catches). Changes are pushed to the neighbours as they happen: an owned vertex
// marks its owned neighbours, a ghost the owned vertices it is adjacent to (reverse lists built
// once), so a round costs nothing for the vertices nobody disturbed.
class Pending {
 public:
  explicit Pending(const engine::DistGraph& g) : g_(g), pending_(g.num_owned(), 1) {
    const LocalVertex owned = g.num_owned();
    ghost_start_.assign(std::size_t{g.num_local()} - owned + 1, 0);
    if (g.num_local() == owned) return;  // no ghosts (one rank)
    for (LocalVertex v = 0; v < owned; ++v)
      for_each_neighbor(g, v, [&](LocalVertex u) {
        if (u >= owned) ++ghost_start_[u - owned + 1];
      });
    for (std::size_t i = 1; i < ghost_start_.size(); ++i) ghost_start_[i] += ghost_start_[i - 1];
    ghost_owned_.resize(ghost_start_.back());
    std::vector<std::size_t> fill(ghost_start_.begin(), ghost_start_.end() - 1);
    for (LocalVertex v = 0; v < owned; ++v)
      for_each_neighbor(g, v, [&](LocalVertex u) {
        if (u >= owned) ghost_owned_[fill[u - owned]++] = v;
      });
  }
  bool operator[](LocalVertex v) const { return pending_[v] != 0; }
  void decided(LocalVertex v) { pending_[v] = 0; }
  // After a move: the changed vertices and their owned neighbours are pending.
  void mark(const std::vector<LocalVertex>& changed) {
    const LocalVertex owned = g_.num_owned();
    for (LocalVertex u : changed) {
      if (u < owned) {
        pending_[u] = 1;
        for_each_neighbor(g_, u, [&](LocalVertex w) {
          if (w < owned) pending_[w] = 1;
        });
      } else {
        for (std::size_t k = ghost_start_[u - owned]; k < ghost_start_[u - owned + 1]; ++k)
          pending_[ghost_owned_[k]] = 1;
      }
    }
  }

 private:
  const engine::DistGraph& g_;
  std::vector<std::uint8_t> pending_;     // per owned vertex
  std::vector<std::size_t> ghost_start_;  // per ghost: its owned neighbours in ghost_owned_
  std::vector<LocalVertex> ghost_owned_;
};

// One sub-round: the active vertices decide from one snapshot, then move together. Adds the
// predicted gains of the moves to `gain`.
std::uint64_t sub_round(CommunityState& s, const std::vector<LocalVertex>& active,
                        double resolution, Pending& pending, engine::ExactSum& gain) {
  const CommunityTable t = s.snapshot();
  std::vector<Move> target(active.size());
  tbb::enumerable_thread_specific<CommunityWeights> weights;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, active.size(), 256),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      auto& w = weights.local();
                      for (std::size_t i = r.begin(); i != r.end(); ++i)
                        target[i] = best_move(s, t, active[i], resolution, w);
                    });
  Moves moves;
  for (std::size_t i = 0; i < active.size(); ++i) {
    pending.decided(active[i]);
    if (target[i].to != s.community(active[i])) {
      moves.emplace_back(active[i], target[i].to);
      gain.add(target[i].gain);
    }
  }
  const std::uint64_t moved = s.move(moves);
  pending.mark(s.changed());
  return moved;
}

// Threshold scaling (as in GVE-Louvain, Sahu 2023): the first level stops its rounds at a gain of
// 1e-2, each further level at a tenth of the one before, never below the user's tolerance. Coarse
// levels and the final node-level polishing recover what early stopping leaves.
double round_tolerance(const MoveParams& p) {
  return std::max(p.tolerance, kFirstLevelTolerance * std::pow(0.1, p.level));
}

}  // namespace

RoundColours::RoundColours(const MoveParams& p, int round)
    : key_(p.seed ^ mix((std::uint64_t(p.level) << 32) + std::uint64_t(round))),
      colours_(static_cast<std::uint64_t>(p.sub_rounds)) {}

int RoundColours::of(GlobalVertex v) const {
  return static_cast<int>(mix(key_ ^ mix(v + 1)) % colours_);
}

MoveStats move_vertices(CommunityState& s, const MoveParams& p) {
  const engine::DistGraph& g = s.graph();
  MoveStats st;
  std::vector<std::vector<LocalVertex>> active(p.sub_rounds);
  Pending pending(g);
  bool full = true;  // a full round looks at every vertex; the others only at touched ones
  while (st.rounds < p.max_rounds) {
    ++st.rounds;
    for (auto& a : active) a.clear();
    const RoundColours colour(p, st.rounds);
    for (LocalVertex v = 0; v < g.num_owned(); ++v)
      if (full || pending[v]) active[colour.of(g.to_global(v))].push_back(v);
    // Colour classes that are empty on every rank are skipped (late rounds touch few vertices).
    // The last count is of the spare ids in use: renaming the communities frees them all.
    std::vector<std::uint64_t> counts(active.size() + 1);
    for (std::size_t c = 0; c < active.size(); ++c) counts[c] = active[c].size();
    counts.back() = s.spares_in_use();
    s.comm().allreduce(std::span<std::uint64_t>(counts), engine::ReduceOp::kSum);
    if (counts.back() > 0) {
      s.canonicalize();
      engine::debug(s.comm(), "  round " + std::to_string(st.rounds) + ": " +
                                  std::to_string(counts.back()) +
                                  " spare ids in use, communities renamed");
    }
    std::uint64_t moved = 0;
    engine::ExactSum gain;
    for (std::size_t c = 0; c < active.size(); ++c)
      if (counts[c] > 0) moved += sub_round(s, active[c], p.resolution, pending, gain);
    moved = s.comm().sum(moved);
    gain.allreduce(s.comm());
    engine::debug(s.comm(), "  round " + std::to_string(st.rounds) + (full ? " full" : "") + ": " +
                                std::to_string(moved) + " moves, gain " +
                                std::to_string(gain.value()));
    st.moves += moved;
    if (moved == 0 && full) {
      st.converged = true;
      break;
    }
    full = moved == 0;  // nothing touched moved: confirm with a full round
    if (moved > 0 && p.tolerance >= 0 && gain.value() <= round_tolerance(p)) break;
  }
  // The levels above and the result see vertex ids only.
  if (s.comm().any(s.spares_in_use() > 0)) s.canonicalize();
  st.modularity = p.quality ? s.quality(p.resolution) : std::nan("");
  engine::debug(s.comm(), "local moving, level " + std::to_string(p.level) + ": " +
                              std::to_string(st.rounds) + " rounds, " + std::to_string(st.moves) +
                              " moves" +
                              (p.quality ? ", Q = " + std::to_string(st.modularity) : ""));
  return st;
}

}  // namespace nexus::algo::community
