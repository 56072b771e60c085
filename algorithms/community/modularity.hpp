// Community detection by Louvain (Blondel, Guillaume, Lambiotte, Lefebvre 2008) and Leiden
// (Traag, Waltman, van Eck 2019), distributed and deterministic. Two objectives, both of the form
// Q = sum_c [in_c - resolution * M_c^2 / divisor] / 2m (in_c: twice the internal edge weight,
// M_c: the sum of the members' masses): modularity (mass = degree, divisor = 2m; the default)
// and the Constant Potts Model (Traag, Van Dooren, Nesterov 2011; mass = 1 per vertex,
// divisor = 1, normalised by 2m as igraph does), where a community is worth keeping when its
// density exceeds the resolution. A directed graph is treated as undirected
// (A_uv = w(u->v) + w(v->u)). Results are identical for any rank and thread count.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "algorithms/community/community_ids.hpp"
#include "engine/checkpoint.hpp"
#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"

namespace nexus::algo {

// The quality function; the result's `modularity` fields hold its value (CPM's quality with kCPM).
enum class Objective { kModularity, kCPM };

struct LouvainParams {
  double resolution = 1.0;  // > 0; larger gives more, smaller communities
  Objective objective = Objective::kModularity;
  bool weighted = false;     // use edge weights (the graph must be weighted, weights >= 0)
  double tolerance = 1e-7;   // a round or level gaining less modularity ends it
  int max_levels = 20;       // aggregation levels
  int max_iterations = 100;  // local-moving rounds per level
  int sub_rounds = 8;        // colour classes per round (vertices of one class move together)
  std::uint64_t seed = 1;    // drives the colouring only
  int max_passes = 10;       // full multilevel runs, each from the previous result, while they gain
  double pass_tolerance = 1e-3;  // ... more modularity than this
  bool keep_levels = false;      // also return every level's communities (--levels)
  // Optional: saves the state at level (and pass) boundaries and resumes from it.
  engine::Checkpointer* checkpointer = nullptr;
};

struct LeidenParams {
  double resolution = 1.0;  // with CPM: the density threshold (at 1, unweighted: all singletons)
  Objective objective = Objective::kModularity;
  bool weighted = false;
  double tolerance = 1e-7;
  int max_levels = 50;  // the connectivity guarantee holds when the run converges
  int max_iterations = 100;
  int sub_rounds = 8;
  std::uint64_t seed = 1;
  int max_passes = 10;           // full iterations, each from the previous result, while they gain
  double pass_tolerance = 1e-3;  // ... more modularity than this
  bool keep_levels = false;
  engine::Checkpointer* checkpointer = nullptr;  // as for Louvain
};

struct CommunityResult {
  std::vector<std::int64_t> community;  // per owned vertex: 0..k-1 by smallest member
  CommunitySizes sizes;
  double modularity = 0;                 // of `community` on the input graph
  std::vector<double> pass_modularity;   // per multilevel run (each from the previous result)
  std::vector<double> level_modularity;  // after local moving on each level (of the first pass)
  std::vector<std::uint64_t> level_communities;
  std::vector<int> level_rounds;
  std::vector<double> refined_modularity;  // Louvain: after refinement on the way down
  // With keep_levels: per level, the communities after local moving there, as consecutive ids of
  // the owned input vertices (before Louvain's refinement on the way down).
  std::vector<std::vector<std::int64_t>> level_community;
  int levels = 0;
  bool converged = false;  // stopped by the criterion, not by max_levels
  // Louvain: `community` is a local optimum of the input graph (its last local moving there ended
  // with a full round in which nobody moved), so a further pass need not move vertices there
  // first. Not kept in checkpoints (a resumed pass then runs that round, which moves nobody).
  bool node_optimal = false;
  // The final level graph and its vertices' communities (for the single-move check).
  std::shared_ptr<const engine::DistGraph> final_graph;
  bool final_weighted = false;
  std::vector<engine::GlobalVertex> final_membership;
  std::vector<double> final_mass;  // CPM: per owned final-level vertex, its input vertex count
};

// Collective. Throw std::invalid_argument for invalid parameters.
CommunityResult louvain(const engine::DistGraph& g, const engine::Comm& comm,
                        const LouvainParams& p);
CommunityResult leiden(const engine::DistGraph& g, const engine::Comm& comm, const LeidenParams& p);

// Collective: modularity sum_c [in_c / 2m - resolution (tot_c / 2m)^2] of communities given per
// owned vertex (any ids that are vertex ids of g), e.g. the modularity of a CPM result.
double modularity_of(const engine::DistGraph& g, const engine::Comm& comm,
                     const std::vector<std::int64_t>& community, double resolution, bool weighted);

struct CommunityCheck {
  bool ok = false;
  double modularity = 0;           // the objective's quality, recomputed per community
  double best_move_gain = 0;       // largest single-vertex move gain on the final level
  std::uint64_t disconnected = 0;  // communities that are not connected (Leiden check)
  std::string message;
};

// Collective verifier: the objective's quality recomputed from per-community sums (internal
// weight, degree and size gathered at each community's owner), equal to the reported value; ids
// consecutive; no single vertex move on the final level (to a neighbour's community or alone)
// gains more than 1e-9 (CPM: with the final level's masses from the result); with `connected`,
// every community induces a connected subgraph.
CommunityCheck verify_communities(const engine::DistGraph& g, const engine::Comm& comm,
                                  double resolution, bool weighted, const CommunityResult& r,
                                  bool connected, Objective objective = Objective::kModularity);

}  // namespace nexus::algo
