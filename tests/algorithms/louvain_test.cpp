// Louvain: two cliques and a ring of cliques (exact partitions), reported modularity against a
// serial recomputation, planted partitions recovered, bit-identical results against a one-process
// run for every rank count, policy and seed-fixed schedule, directed and weighted input, the
// verifier, and parameter validation.
#include <gtest/gtest.h>

#include "algorithms/community/modularity.hpp"
#include "tests/algorithms/community_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;

namespace {

// `k` cliques of `s` vertices, clique i joined to clique i+1 (mod k) by one edge.
test::EdgeList ring_of_cliques(std::uint64_t k, std::uint64_t s) {
  test::EdgeList e{k * s, false, {}, {}};
  for (std::uint64_t c = 0; c < k; ++c) {
    for (std::uint64_t a = 0; a < s; ++a)
      for (std::uint64_t b = a + 1; b < s; ++b) e.edges.emplace_back(c * s + a, c * s + b);
    e.edges.emplace_back(c * s, ((c + 1) % k) * s + 1);
  }
  return e;
}

algo::CommunityResult run(const test::EdgeList& e, const algo::LouvainParams& p = {},
                          partition::Policy policy = partition::Policy::kUniform) {
  const auto& comm = test::world();
  const auto g = test::build(e, comm, policy);
  auto r = algo::louvain(g, comm, p);
  const auto check = algo::verify_communities(g, comm, p.resolution, p.weighted, r, false);
  EXPECT_TRUE(check.ok) << check.message;
  r.final_graph.reset();  // it may alias g
  return r;
}

}  // namespace

TEST(Louvain, RingOfCliquesFindsEveryClique) {
  const auto e = ring_of_cliques(12, 6);
  const auto r = run(e);
  const auto c = test::gather(r.community, test::world());
  for (std::uint64_t v = 0; v < e.num_vertices; ++v) EXPECT_EQ(c[v], std::int64_t(v / 6)) << v;
  EXPECT_EQ(r.sizes.count, 12u);
  EXPECT_NEAR(r.modularity, test::serial_modularity(e, c), 1e-12);
  EXPECT_TRUE(r.converged);
}

TEST(Louvain, ReportedModularityMatchesSerialRecomputation) {
  for (bool weighted : {false, true}) {
    const auto e = test::planted(10, 40, 6, 3, 3, false, weighted);
    const auto r = run(e, {.weighted = weighted});
    const auto c = test::gather(r.community, test::world());
    EXPECT_NEAR(r.modularity, test::serial_modularity(e, c), 1e-10);
    // The planted groups score about 0.55; Louvain must do at least as well.
    std::vector<std::int64_t> planted(e.num_vertices);
    for (std::uint64_t v = 0; v < e.num_vertices; ++v) planted[v] = v / 40;
    EXPECT_GE(r.modularity, test::serial_modularity(e, planted) - 1e-9);
  }
}

TEST(Louvain, ResolutionChangesTheScale) {
  const auto e = ring_of_cliques(16, 5);
  const auto low = run(e, {.resolution = 0.05});
  const auto high = run(e, {.resolution = 3.0});
  EXPECT_LT(low.sizes.count, 16u);
  EXPECT_GE(high.sizes.count, 16u);
}

TEST(Louvain, RankCountAndPolicyInvariantBitForBit) {
  const auto& comm = test::world();
  const auto self = engine::Comm::self();
  struct Case {
    test::EdgeList e;
    algo::LouvainParams p;
  };
  const std::vector<Case> cases = {
      {test::planted(20, 50, 5, 3, 11), {}},
      {test::planted(20, 50, 5, 3, 12, true, true), {.weighted = true, .seed = 9}},
      {test::random_graph(2000, 8000, false, 13), {.resolution = 1.5, .sub_rounds = 2}}};
  for (const auto& [e, p] : cases) {
    const auto gs = test::build(e, self);
    const auto ref = algo::louvain(gs, self, p);
    for (auto policy : {partition::Policy::kUniform, partition::Policy::kEdgeBalanced}) {
      const auto g = test::build(e, comm, policy);
      const auto r = algo::louvain(g, comm, p);
      EXPECT_EQ(test::gather(r.community, comm), ref.community);
      EXPECT_EQ(r.modularity, ref.modularity);
      EXPECT_EQ(r.level_modularity, ref.level_modularity);
      EXPECT_EQ(r.levels, ref.levels);
    }
  }
}

TEST(Louvain, DirectedInputIsTreatedAsUndirected) {
  auto e = ring_of_cliques(6, 5);
  const auto undirected = run(e);
  e.directed = true;
  const auto directed = run(e);
  EXPECT_EQ(test::gather(directed.community, test::world()),
            test::gather(undirected.community, test::world()));
  EXPECT_NEAR(directed.modularity, undirected.modularity, 1e-12);
}

TEST(Louvain, EdgeCases) {
  // No edges: every vertex alone, modularity 0. A self-loop only: one community per vertex.
  const auto none = run({5, false, {}, {}});
  EXPECT_EQ(none.sizes.count, 5u);
  EXPECT_EQ(none.modularity, 0.0);
  const auto loops = run({3, false, {{0, 0}, {1, 1}, {1, 2}}, {}});
  EXPECT_EQ(test::gather(loops.community, test::world()), (std::vector<std::int64_t>{0, 1, 1}));
}

TEST(Louvain, VerifierRejectsAWorsePartition) {
  const auto& comm = test::world();
  const auto e = ring_of_cliques(8, 5);
  const auto g = test::build(e, comm);
  auto r = algo::louvain(g, comm, {});
  r.modularity += 1e-6;
  EXPECT_FALSE(algo::verify_communities(g, comm, 1.0, false, r, false).ok);
}

TEST(Louvain, InvalidParametersThrow) {
  const auto& comm = test::world();
  const auto g = test::build({3, true, {{0, 1}}, {}}, comm);
  EXPECT_THROW(algo::louvain(g, comm, {.resolution = 0}), std::invalid_argument);
  EXPECT_THROW(algo::louvain(g, comm, {.tolerance = -1}), std::invalid_argument);
  EXPECT_THROW(algo::louvain(g, comm, {.max_levels = 0}), std::invalid_argument);
  EXPECT_THROW(algo::louvain(g, comm, {.max_iterations = 0}), std::invalid_argument);
  EXPECT_THROW(algo::louvain(g, comm, {.sub_rounds = 0}), std::invalid_argument);
  EXPECT_THROW(algo::louvain(g, comm, {.weighted = true}), std::invalid_argument);
}
