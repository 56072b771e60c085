// The phases shared by Louvain and Leiden on one level graph: local moving of vertices between
// communities in synchronous rounds (Blondel et al. 2008), Leiden's refinement (Traag, Waltman,
// van Eck 2019) and aggregation into a coarse, still distributed graph. Each round is split into
// sub-rounds by a hash colouring of (seed, level, round, vertex): only vertices of one colour move
// in a sub-round, each deciding from the state at its start, with ties broken by community id.
// A vertex may also leave its community for an empty one (its own id, or a spare id when its own
// is taken), so that on the way down a coarse vertex can split off a community it was wrongly
// merged into, and no single move (CPM's in particular) improves a converged level.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "algorithms/community/community_state.hpp"

namespace nexus::algo::community {

struct MoveParams {
  double resolution = 1.0;
  double tolerance = 1e-7;  // stop when a round gains less modularity; < 0: until no vertex moves
  int max_rounds = 100;
  int sub_rounds = 4;
  std::uint64_t seed = 1;
  int level = 0;
  bool quality = true;  // compute MoveStats::modularity (a pass over the arcs); else NaN
};

struct MoveStats {
  int rounds = 0;
  std::uint64_t moves = 0;
  double modularity = 0;   // the objective's quality (modularity or CPM); NaN unless asked for
  bool converged = false;  // the last round moved nobody
};

// The colours (sub-rounds) of the vertices in one round: a hash of (seed, level, round, vertex),
// the part that does not depend on the vertex hashed once a round.
class RoundColours {
 public:
  RoundColours(const MoveParams& p, int round);
  int of(engine::GlobalVertex v) const;

 private:
  std::uint64_t key_;
  std::uint64_t colours_;
};

// The round-gain threshold of the first level (see round_tolerance in local_moving.cpp).
inline constexpr double kFirstLevelTolerance = 1e-2;

// Smallest modularity gain that counts as an improvement (guards against rounding cycles).
inline constexpr double kMinGain = 1e-12;

// Collective: local moving of `s` until a round gains <= tolerance, nobody moves or max_rounds.
MoveStats move_vertices(CommunityState& s, const MoveParams& p);

// Collective: Leiden refinement. `r` must start as singletons over the graph of `s`; singleton
// vertices that are well connected to their community in `s` merge into a sub-community of it
// they have an arc to, so every sub-community stays connected. Returns the number of merges.
std::uint64_t refine(const CommunityState& s, CommunityState& r, const MoveParams& p);

struct CoarseLevel {
  std::unique_ptr<engine::DistGraph> graph;     // one vertex per non-empty community
  std::vector<engine::GlobalVertex> coarse_of;  // per owned fine vertex: its coarse vertex
  std::vector<double> mass;  // CPM: per owned coarse vertex, its community's total mass
};

// Collective: the graph of the communities of `s` (numbered in community-id order, distributed
// in ranges of about equal arcs), arcs summed (in an order that does not depend on the
// partition), internal weight as self-loops; with CPM also the coarse vertices' masses (the
// community totals). Built with partition::dist_graph_from_rows. On several ranks the coarse ids
// travel as 32-bit integers when they all fit (narrow_ids false: always 64-bit, for tests).
CoarseLevel aggregate(const CommunityState& s, bool narrow_ids = true);

}  // namespace nexus::algo::community
