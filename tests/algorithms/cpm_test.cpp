// The CPM objective (Constant Potts Model) of Louvain and Leiden: partitions and qualities worked
// out by hand on two cliques, the quality against a serial recomputation, the verifier's use of
// the objective, and bit-identical results against a one-process run for every rank count.
#include <gtest/gtest.h>

#include "algorithms/community/modularity.hpp"
#include "tests/algorithms/community_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;

namespace {

constexpr auto kCPM = algo::Objective::kCPM;

// Two 4-cliques joined by one edge (13 edges, 2m = 26):
//
//   0 --- 1         5 --- 6
//   | \ / |         | \ / |
//   | / \ |         | / \ |
//   2 --- 3 ------- 4 --- 7
//
// CPM (per community: 2 * internal edges - resolution * size^2, summed, over 2m):
//   each clique alone: 12 - 16 r;  both together: 26 - 64 r;  a singleton: -r.
//   Two cliques beat one community when 2 (12 - 16 r) > 26 - 64 r, i.e. r > 1/16 (the density
//   of the bridge between the cliques, 1 edge of 16 pairs); at r = 1 a community of n vertices
//   has at most n (n - 1) - n^2 = -n, the same as n singletons, so no move gains: singletons.
test::EdgeList two_cliques() {
  test::EdgeList e{8, false, {}, {}};
  for (std::uint64_t c : {0u, 4u})
    for (std::uint64_t a = 0; a < 4; ++a)
      for (std::uint64_t b = a + 1; b < 4; ++b) e.edges.emplace_back(c + a, c + b);
  e.edges.emplace_back(3, 4);
  return e;
}

template <class P, class Run>
algo::CommunityResult run(const test::EdgeList& e, const P& p, Run&& algorithm, bool connected,
                          partition::Policy policy = partition::Policy::kUniform) {
  const auto& comm = test::world();
  const auto g = test::build(e, comm, policy);
  auto r = algorithm(g, comm, p);
  const auto check =
      algo::verify_communities(g, comm, p.resolution, p.weighted, r, connected, p.objective);
  EXPECT_TRUE(check.ok) << check.message;
  r.final_graph.reset();  // it may alias g
  return r;
}

algo::CommunityResult leiden(const test::EdgeList& e, const algo::LeidenParams& p,
                             partition::Policy policy = partition::Policy::kUniform) {
  return run(
      e, p, [](auto&... a) { return algo::leiden(a...); }, true, policy);
}

algo::CommunityResult louvain(const test::EdgeList& e, const algo::LouvainParams& p,
                              partition::Policy policy = partition::Policy::kUniform) {
  return run(
      e, p, [](auto&... a) { return algo::louvain(a...); }, false, policy);
}

}  // namespace

TEST(CPM, TwoCliquesByHand) {
  const auto e = two_cliques();
  struct Case {
    double resolution;
    std::vector<std::int64_t> expected;
    double quality;  // by hand, see two_cliques()
  };
  const std::vector<Case> cases = {
      {0.5, {0, 0, 0, 0, 1, 1, 1, 1}, 2 * (12 - 16 * 0.5) / 26.0},
      {0.2, {0, 0, 0, 0, 1, 1, 1, 1}, 2 * (12 - 16 * 0.2) / 26.0},
      {0.05, {0, 0, 0, 0, 0, 0, 0, 0}, (26 - 64 * 0.05) / 26.0},
      {1.0, {0, 1, 2, 3, 4, 5, 6, 7}, -8 / 26.0},  // the trap of CPM at resolution 1
  };
  for (const Case& k : cases) {
    for (const auto& r : {leiden(e, {.resolution = k.resolution, .objective = kCPM}),
                          louvain(e, {.resolution = k.resolution, .objective = kCPM})}) {
      EXPECT_EQ(test::gather(r.community, test::world()), k.expected) << k.resolution;
      EXPECT_NEAR(r.modularity, k.quality, 1e-12) << k.resolution;
    }
  }
}

TEST(CPM, QualityMatchesSerialRecomputation) {
  for (bool weighted : {false, true}) {
    for (double resolution : {0.02, 0.1, 0.3}) {
      const auto e = test::planted(10, 30, 6, 2, 5, false, weighted);
      const auto r1 =
          leiden(e, {.resolution = resolution, .objective = kCPM, .weighted = weighted});
      const auto r2 =
          louvain(e, {.resolution = resolution, .objective = kCPM, .weighted = weighted});
      for (const auto& r : {r1, r2}) {
        const auto c = test::gather(r.community, test::world());
        EXPECT_NEAR(r.modularity, test::serial_cpm(e, c, resolution), 1e-10);
        // At least as good as the planted groups.
        std::vector<std::int64_t> planted(e.num_vertices);
        for (std::uint64_t v = 0; v < e.num_vertices; ++v) planted[v] = v / 30;
        EXPECT_GE(r.modularity, test::serial_cpm(e, planted, resolution) - 1e-9) << resolution;
      }
    }
  }
}

TEST(CPM, VerifierChecksTheObjective) {
  // A CPM result verified as modularity: the recomputed value differs from the reported one.
  const auto& comm = test::world();
  const auto e = test::planted(6, 20, 5, 2, 9);
  const auto g = test::build(e, comm);
  const algo::LeidenParams p{.resolution = 0.1, .objective = kCPM};
  const auto r = algo::leiden(g, comm, p);
  EXPECT_TRUE(algo::verify_communities(g, comm, p.resolution, false, r, true, kCPM).ok);
  const auto as_modularity = algo::verify_communities(g, comm, p.resolution, false, r, true);
  EXPECT_FALSE(as_modularity.ok);
  EXPECT_NE(as_modularity.message.find("modularity recomputed"), std::string::npos);
}

TEST(CPM, VerifierTriesMovesToAnEmptyCommunity) {
  // The path 0 - 1 - 2 as one community, CPM at resolution 0.75 (2m = 4):
  //   {0, 1, 2}: 2 * 2 - 0.75 * 9 = -2.75;  {0} and {1, 2}: -0.75 + (2 - 0.75 * 4) = -1.75.
  // Vertex 0 gains 1 / 4 by leaving alone, though no neighbour is in another community.
  const auto& comm = test::world();
  const auto g = test::build({3, false, {{0, 1}, {1, 2}}, {}}, comm);
  algo::CommunityResult r;
  r.community.assign(g.num_owned(), 0);
  r.sizes.count = 1;
  r.modularity = (4 - 0.75 * 9) / 4;
  r.final_graph = std::shared_ptr<const engine::DistGraph>(&g, [](const engine::DistGraph*) {});
  r.final_membership.assign(g.num_owned(), 0);
  r.final_mass.assign(g.num_owned(), 1.0);
  const auto check = algo::verify_communities(g, comm, 0.75, false, r, true, kCPM);
  EXPECT_FALSE(check.ok);
  EXPECT_NEAR(check.best_move_gain, 0.25, 1e-12);
  EXPECT_NE(check.message.find("single move"), std::string::npos) << check.message;
  // Split that way, the verifier accepts it: 1 and 2 each lose by leaving, 0 by joining them.
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) {
    const bool first = g.to_global(v) == 0;
    r.community[v] = first ? 0 : 1;
    r.final_membership[v] = first ? 0 : 1;
  }
  r.sizes.count = 2;
  r.modularity = -1.75 / 4;
  EXPECT_TRUE(algo::verify_communities(g, comm, 0.75, false, r, true, kCPM).ok);
}

TEST(CPM, RankCountAndPolicyInvariantBitForBit) {
  const auto& comm = test::world();
  const auto self = engine::Comm::self();
  for (const auto& e :
       {test::planted(20, 50, 5, 3, 31), test::planted(15, 40, 4, 4, 32, true, true)}) {
    const bool weighted = !e.weights.empty();
    const algo::LeidenParams pl{.resolution = 0.05, .objective = kCPM, .weighted = weighted};
    const algo::LouvainParams pv{.resolution = 0.05, .objective = kCPM, .weighted = weighted};
    const auto gs = test::build(e, self);
    const auto ref_leiden = algo::leiden(gs, self, pl);
    const auto ref_louvain = algo::louvain(gs, self, pv);
    for (auto policy : {partition::Policy::kUniform, partition::Policy::kEdgeBalanced}) {
      const auto a = leiden(e, pl, policy);
      EXPECT_EQ(test::gather(a.community, comm), ref_leiden.community);
      EXPECT_EQ(a.modularity, ref_leiden.modularity);
      const auto b = louvain(e, pv, policy);
      EXPECT_EQ(test::gather(b.community, comm), ref_louvain.community);
      EXPECT_EQ(b.modularity, ref_louvain.modularity);
    }
  }
}
