// Leiden: connected communities (checked by the verifier's in-community label propagation) on
// graphs where Louvain-style moves can disconnect, modularity against a serial recomputation,
// bit-identical results against a one-process run for every rank count and policy.
#include <gtest/gtest.h>

#include "algorithms/community/community_state.hpp"
#include "algorithms/community/hierarchy.hpp"
#include "algorithms/community/modularity.hpp"
#include "tests/algorithms/community_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;

namespace {

algo::CommunityResult run(const test::EdgeList& e, const algo::LeidenParams& p = {},
                          partition::Policy policy = partition::Policy::kUniform) {
  const auto& comm = test::world();
  const auto g = test::build(e, comm, policy);
  auto r = algo::leiden(g, comm, p);
  const auto check = algo::verify_communities(g, comm, p.resolution, p.weighted, r, true);
  EXPECT_TRUE(check.ok) << check.message;
  EXPECT_EQ(check.disconnected, 0u);
  r.final_graph.reset();
  return r;
}

}  // namespace

TEST(Leiden, ConnectedCommunitiesAndSerialModularity) {
  for (std::uint64_t seed : {1, 2, 3}) {
    for (bool weighted : {false, true}) {
      const auto e = test::planted(12, 30, 4, 3, seed, false, weighted);
      const auto r = run(e, {.weighted = weighted});
      const auto c = test::gather(r.community, test::world());
      EXPECT_NEAR(r.modularity, test::serial_modularity(e, c), 1e-10);
    }
  }
}

TEST(Leiden, SparseRandomGraphsStayConnected) {
  // Sparse random graphs with many weakly attached vertices: the case where Louvain leaves
  // disconnected communities.
  for (std::uint64_t seed : {4, 5}) run(test::random_graph(1500, 2500, false, seed));
}

TEST(Leiden, RankCountAndPolicyInvariantBitForBit) {
  const auto& comm = test::world();
  const auto self = engine::Comm::self();
  for (const auto& e :
       {test::planted(20, 50, 5, 3, 21), test::planted(15, 40, 4, 4, 22, true, true)}) {
    const algo::LeidenParams p{.weighted = !e.weights.empty()};
    const auto gs = test::build(e, self);
    const auto ref = algo::leiden(gs, self, p);
    for (auto policy : {partition::Policy::kUniform, partition::Policy::kEdgeBalanced}) {
      const auto g = test::build(e, comm, policy);
      const auto r = algo::leiden(g, comm, p);
      EXPECT_EQ(test::gather(r.community, comm), ref.community);
      EXPECT_EQ(r.modularity, ref.modularity);
      EXPECT_EQ(r.levels, ref.levels);
    }
  }
}

TEST(Leiden, InvalidParametersThrow) {
  const auto& comm = test::world();
  const auto g = test::build({3, false, {{0, 1}}, {}}, comm);
  EXPECT_THROW(algo::leiden(g, comm, {.resolution = -1}), std::invalid_argument);
  EXPECT_THROW(algo::leiden(g, comm, {.max_levels = 0}), std::invalid_argument);
}

TEST(Leiden, CommunitiesConnectedByHand) {
  // The path 0 - 1 - 2 - 3 - 4 - 5; communities named by their smallest member.
  //   {0,1,2} {3,4,5}: both connected;  {0,1,5} {2,3,4}: 5 has no neighbour in {0,1}.
  const auto& comm = test::world();
  const auto g = test::build(test::path(6), comm);
  algo::community::CommunityState s(g, comm, false);
  auto assign = [&](const std::vector<engine::GlobalVertex>& of) {
    std::vector<engine::GlobalVertex> owned(g.num_owned());
    for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) owned[v] = of[g.to_global(v)];
    s.assign(owned);
  };
  EXPECT_TRUE(algo::community::communities_connected(s));  // singletons
  assign({0, 0, 0, 3, 3, 3});
  EXPECT_TRUE(algo::community::communities_connected(s));
  assign({0, 0, 2, 2, 2, 0});
  EXPECT_FALSE(algo::community::communities_connected(s));
  assign({0, 0, 0, 0, 0, 0});
  EXPECT_TRUE(algo::community::communities_connected(s));
}
