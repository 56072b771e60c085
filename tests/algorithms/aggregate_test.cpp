// Aggregation (algorithms/community/aggregate.cpp) against a serial recomputation: a simple
// weighted graph with communities scattered over the ranks is aggregated, and every coarse row
// must hold exactly the serial sums (added in the documented order: per fine vertex in arc
// order, then over fine vertices in id order, stored as float), sorted by neighbour, with each
// community's internal weight as a self-loop. Run at 1-4 ranks and both partition policies, so
// the sums are also the same bits on every partition.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "algorithms/community/community_state.hpp"
#include "algorithms/community/local_moving.hpp"
#include "tests/algorithms/community_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;
using engine::GlobalVertex;

namespace {

// How the test graph is weighted and what the community state is told about it.
struct Weights {
  bool weighted;    // the planted weights 0.5, 1, 1.5, 2 (else none)
  float scale;      // multiplies them (0.1: weights not multiples of 1/2)
  bool unit_input;  // CommunityState's unit_input: every sum exact (true for multiples of 1/2)
};

// A simple undirected graph (no loops, no duplicate pairs) from the planted generator: `groups`
// groups of 30 vertices.
test::EdgeList simple_planted(std::uint64_t groups, const Weights& weights) {
  const auto raw = test::planted(groups, 30, 5, 3, 11, false, weights.weighted);
  test::EdgeList e{raw.num_vertices, false, {}, {}};
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  for (std::size_t i = 0; i < raw.edges.size(); ++i) {
    auto [u, v] = raw.edges[i];
    if (u == v || !seen.insert({std::min(u, v), std::max(u, v)}).second) continue;
    e.edges.emplace_back(u, v);
    if (weights.weighted) e.weights.push_back(raw.weights[i] * weights.scale);
  }
  return e;
}

// The communities: v joins community (v % count) * stride (count communities named 0, stride,
// ..., their members spread over all ranks); coarse vertex c / stride.
struct Communities {
  std::uint64_t count, stride;
  GlobalVertex of(std::uint64_t v) const { return (v % count) * stride; }
};

struct Arc {
  GlobalVertex from, to;
  float weight;
  bool operator==(const Arc&) const = default;
};

// The coarse arcs as aggregate() documents them, computed on one process.
std::vector<Arc> serial_coarse(const test::EdgeList& e, const Communities& communities) {
  std::vector<std::vector<std::pair<std::uint64_t, double>>> adj(e.num_vertices);
  for (std::size_t i = 0; i < e.edges.size(); ++i) {
    const auto [u, v] = e.edges[i];
    const double w = e.weights.empty() ? 1.0 : e.weights[i];
    adj[u].emplace_back(v, w);
    adj[v].emplace_back(u, w);
  }
  std::map<GlobalVertex, GlobalVertex> coarse;  // community id -> coarse id, in id order
  for (std::uint64_t v = 0; v < e.num_vertices; ++v) coarse[communities.of(v)] = 0;
  GlobalVertex next = 0;
  for (auto& [c, id] : coarse) id = next++;
  std::map<std::pair<GlobalVertex, GlobalVertex>, double> sum;  // a <= b
  for (std::uint64_t v = 0; v < e.num_vertices; ++v) {
    std::sort(adj[v].begin(), adj[v].end());
    const GlobalVertex a = coarse[communities.of(v)];
    std::vector<std::pair<GlobalVertex, double>> partial;  // first-seen order, arc order sums
    for (const auto& [u, w] : adj[v]) {
      const GlobalVertex b = coarse[communities.of(u)];
      auto it = std::find_if(partial.begin(), partial.end(), [&](auto& p) { return p.first == b; });
      if (it == partial.end())
        partial.emplace_back(b, w);
      else
        it->second += w;
    }
    for (const auto& [b, x] : partial) {
      if (a == b) sum[{a, a}] += x / 2;
      if (a < b) sum[{a, b}] += x;
    }
  }
  std::vector<Arc> arcs;
  for (const auto& [ab, x] : sum) {
    arcs.push_back({ab.first, ab.second, static_cast<float>(x)});
    if (ab.first != ab.second) arcs.push_back({ab.second, ab.first, static_cast<float>(x)});
  }
  std::sort(arcs.begin(), arcs.end(), [](const Arc& x, const Arc& y) {
    return x.from != y.from ? x.from < y.from : x.to < y.to;
  });
  return arcs;
}

// Aggregates the planted graph of `groups` groups into `communities` and checks every coarse row
// against serial_coarse, at both partition policies: unweighted (every sum exact: one rank adds
// a row's arcs straight in), weighted in halves told `unit_input` (the same) or not (per fine
// vertex first), and weighted in tenths (per fine vertex first); on several ranks with the coarse
// ids sent as 32-bit integers (as they are whenever they fit) and as 64-bit ones.
void expect_serial_sums(std::uint64_t groups, const Communities& communities) {
  const auto& comm = test::world();
  for (const Weights& weights : {Weights{false, 1.0f, false}, Weights{true, 1.0f, false},
                                 Weights{true, 1.0f, true}, Weights{true, 0.1f, false}})
    for (auto policy : {partition::Policy::kUniform, partition::Policy::kEdgeBalanced}) {
      const bool weighted = weights.weighted;
      const auto e = simple_planted(groups, weights);
      const auto g = test::build(e, comm, policy);
      algo::community::CommunityState s(g, comm, weighted, nullptr, weights.unit_input);
      std::vector<GlobalVertex> owned(g.num_owned());
      for (engine::LocalVertex v = 0; v < g.num_owned(); ++v)
        owned[v] = communities.of(g.to_global(v));
      s.assign(owned);
      const auto want = serial_coarse(e, communities);
      // One rank has a single path; several ranks send the ids in 32 and in 64 bits.
      for (const bool narrow_ids :
           comm.size() == 1 ? std::vector<bool>{true} : std::vector<bool>{true, false}) {
        const auto level = algo::community::aggregate(s, narrow_ids);
        const engine::DistGraph& c = *level.graph;
        ASSERT_EQ(c.num_global_vertices(), communities.count);
        // Fine vertices follow their community (coarse ids in community-id order).
        for (engine::LocalVertex v = 0; v < g.num_owned(); ++v)
          EXPECT_EQ(level.coarse_of[v], communities.of(g.to_global(v)) / communities.stride);
        std::vector<GlobalVertex> from, to;
        std::vector<float> weight;
        for (engine::LocalVertex v = 0; v < c.num_owned(); ++v) {
          const auto nbrs = c.out_neighbors(v);
          const auto w = c.out_weights(v);
          for (std::size_t k = 0; k < nbrs.size(); ++k) {
            if (k > 0) {
              EXPECT_LT(c.to_global(nbrs[k - 1]), c.to_global(nbrs[k])) << "row " << v;
            }
            from.push_back(c.to_global(v));
            to.push_back(c.to_global(nbrs[k]));
            weight.push_back(w[k]);
          }
        }
        from = comm.allgatherv(from);
        to = comm.allgatherv(to);
        weight = comm.allgatherv(weight);
        std::vector<Arc> got;
        for (std::size_t i = 0; i < from.size(); ++i) got.push_back({from[i], to[i], weight[i]});
        ASSERT_EQ(got.size(), want.size()) << "weighted " << weighted << " x " << weights.scale;
        for (std::size_t i = 0; i < want.size(); ++i)
          EXPECT_EQ(got[i], want[i])
              << "weights x " << weights.scale << ", narrow ids " << narrow_ids << ", arc " << i
              << ": " << got[i].from << "->" << got[i].to << " " << got[i].weight << " vs "
              << want[i].weight;
      }
    }
}

}  // namespace

TEST(Aggregate, CoarseRowsAreTheSerialSumsInOrder) {
  expect_serial_sums(6, {13, 3});  // 180 vertices; 13 communities named 0, 3, ..., 36
}

// Many coarse vertices: one rank builds its rows in several blocks of coarse vertices (k / 256
// each), and each row holds members from all over the graph.
TEST(Aggregate, ManyCoarseVerticesAreTheSerialSumsInOrder) {
  expect_serial_sums(60, {700, 2});  // 1800 vertices; 700 communities of two or three
}

// The coarse graph is cut into ranges of about equal arcs, not equal vertex counts: with every
// vertex its own community the coarse graph is the input graph (parallel arcs summed into one),
// and this one has its hubs at low ids, where equal vertex counts put most arcs
// on rank 0 (the imbalance of the uniform input partition shows by how much).
TEST(Aggregate, CoarseArcsAreSpreadOverTheRanks) {
  const auto& comm = test::world();
  const auto e = test::random_graph(4000, 40000, false, 9);
  const auto g = test::build(e, comm, partition::Policy::kUniform);
  algo::community::CommunityState s(g, comm, false);
  std::vector<GlobalVertex> own(g.num_owned());
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) own[v] = g.to_global(v);
  s.assign(own);
  const auto level = algo::community::aggregate(s);
  const auto coarse = partition::partition_metrics(*level.graph, comm);
  const auto input = partition::partition_metrics(g, comm);
  EXPECT_EQ(level.graph->num_global_vertices(), 4000u);
  if (comm.size() > 1) {
    EXPECT_GT(input.imbalance, 1.2);
    EXPECT_LT(coarse.imbalance, 1.15);
  }
}
