// WCC: a hand-drawn graph, union-find on random graphs (directed and undirected, isolated
// vertices), ids by smallest member, bit-identical results for every rank count and policy, the
// verifier accepting the result and rejecting a tampered one.
#include "algorithms/community/wcc.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "tests/algorithms/community_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;

namespace {

// Union-find components numbered by smallest member.
std::vector<std::int64_t> union_find(const test::EdgeList& e) {
  std::vector<std::uint64_t> parent(e.num_vertices);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::uint64_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& [u, v] : e.edges) {
    const auto a = find(u), b = find(v);
    parent[std::max(a, b)] = std::min(a, b);
  }
  std::vector<std::int64_t> id(e.num_vertices, -1), root_id(e.num_vertices, -1);
  std::int64_t next = 0;
  for (std::uint64_t v = 0; v < e.num_vertices; ++v) {
    const auto r = find(v);
    if (root_id[r] < 0) root_id[r] = next++;
    id[v] = root_id[r];
  }
  return id;
}

algo::WccResult run(const test::EdgeList& e,
                    partition::Policy policy = partition::Policy::kUniform) {
  const auto& comm = test::world();
  const auto g = test::build(e, comm, policy);
  auto r = algo::wcc(g, comm);
  EXPECT_TRUE(r.converged);
  const auto check = algo::verify_wcc(g, comm, r);
  EXPECT_TRUE(check.ok) << check.message;
  return r;
}

}  // namespace

TEST(Wcc, HandDrawn) {
  //  0 - 1 - 2     3 <- 4     5 (isolated)     6 -> 7 -> 6 (cycle)     8 - 8 (self-loop)
  const test::EdgeList e{9, true, {{0, 1}, {2, 1}, {4, 3}, {6, 7}, {7, 6}, {8, 8}}, {}};
  const auto r = run(e);
  const auto id = test::gather(r.component, test::world());
  EXPECT_EQ(id, (std::vector<std::int64_t>{0, 0, 0, 1, 1, 2, 3, 3, 4}));
  EXPECT_EQ(r.sizes.count, 5u);
  EXPECT_EQ(r.sizes.largest, (std::vector<std::uint64_t>{3, 2, 2, 1, 1}));
  EXPECT_EQ(r.sizes.histogram, (std::vector<std::uint64_t>{2, 3}));
}

TEST(Wcc, MatchesUnionFindOnRandomGraphs) {
  for (bool directed : {true, false})
    for (std::uint64_t seed : {1, 2, 3}) {
      // Sparse: many small components and isolated vertices.
      const auto e = test::random_graph(2000, 1200, directed, seed);
      for (auto policy : {partition::Policy::kUniform, partition::Policy::kEdgeBalanced}) {
        const auto r = run(e, policy);
        EXPECT_EQ(test::gather(r.component, test::world()), union_find(e)) << seed;
      }
    }
}

TEST(Wcc, EmptyGraphAndRanksWithoutVertices) {
  const auto r = run({2, false, {}, {}});
  EXPECT_EQ(test::gather(r.component, test::world()), (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(r.sizes.count, 2u);
}

TEST(Wcc, VerifierRejectsTamperedIds) {
  const auto& comm = test::world();
  const auto e = test::random_graph(300, 250, false, 5);
  const auto g = test::build(e, comm);
  auto r = algo::wcc(g, comm);
  // Swap the ids of two components on the rank owning vertex 0.
  if (g.num_owned() > 0 && g.first_owned() == 0)
    for (auto& c : r.component) c = c == 0 ? 1 : c == 1 ? 0 : c;
  EXPECT_FALSE(algo::verify_wcc(g, comm, r).ok);
}

TEST(Wcc, InvalidParametersThrow) {
  const auto& comm = test::world();
  const auto g = test::build({3, true, {{0, 1}}, {}}, comm);
  EXPECT_THROW(algo::wcc(g, comm, {.max_iterations = -1}), std::invalid_argument);
}
