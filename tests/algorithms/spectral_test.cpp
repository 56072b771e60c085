// Spectral (ProNE-style) embedding: bit-identical for every rank count, partition policy and
// thread count; shapes, finite values, unit rows, zero rows for isolated vertices; two cliques
// joined by an edge separate; the verifier passes; parameter validation.
#include "algorithms/embedding/spectral.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>

#include "tests/algorithms/embedding_test_util.hpp"
#include "tests/graph_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;

TEST(Spectral, BitIdenticalForRanksPoliciesAndThreads) {
  const auto& comm = test::world();
  const auto self = engine::Comm::self();
  for (bool directed : {false, true}) {
    const auto e = test::random_graph(1500, 9000, directed, 41);
    const algo::SpectralParams p{.dim = 16, .power_iterations = 2};
    const auto ref = algo::spectral(test::build(e, self), self, p).values;
    for (auto policy : {partition::Policy::kUniform, partition::Policy::kEdgeBalanced}) {
      const auto g = test::build(e, comm, policy);
      ASSERT_EQ(test::gather_rows(comm, algo::spectral(g, comm, p)), ref) << directed;
    }
    const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    const auto g = test::build(e, comm);
    ASSERT_EQ(test::gather_rows(comm, algo::spectral(g, comm, p)), ref);
  }
}

TEST(Spectral, UnitRowsZeroForIsolatedVerticesAndVerifierPasses) {
  const auto& comm = test::world();
  const auto g = test::build(test::random_graph(600, 3000, false, 6), comm);
  const auto e = algo::spectral(g, comm, {.dim = 12});
  ASSERT_EQ(e.dim, 12u);
  ASSERT_EQ(e.values.size(), std::size_t{g.num_owned()} * 12);
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) {
    double norm = 0;
    for (std::size_t j = 0; j < 12; ++j)
      norm += double{e.values[v * 12 + j]} * e.values[v * 12 + j];
    if (g.out_degree(v) == 0)
      EXPECT_EQ(norm, 0.0);
    else
      EXPECT_NEAR(norm, 1.0, 1e-5);
  }
  const auto check = algo::verify_embedding(g, comm, e);
  EXPECT_TRUE(check.ok) << check.message;
}

TEST(Spectral, TwoCliquesJoinedByAnEdgeSeparate) {
  const auto& comm = test::world();
  const std::uint64_t k = 12;
  const auto g = test::build(test::two_cliques(k), comm);
  for (int steps : {1, 10})
    test::expect_cliques_separate(
        test::gather_rows(comm, algo::spectral(g, comm, {.dim = 4, .steps = steps})), 4, k);
}

TEST(Spectral, InvalidParametersThrow) {
  const auto& comm = test::world();
  const auto g = test::build({3, true, {{0, 1}}, {}}, comm);
  EXPECT_THROW(algo::spectral(g, comm, {.dim = 0}), std::invalid_argument);
  EXPECT_THROW(algo::spectral(g, comm, {.steps = 0}), std::invalid_argument);
  EXPECT_THROW(algo::spectral(g, comm, {.theta = 0}), std::invalid_argument);
  EXPECT_THROW(algo::spectral(g, comm, {.oversampling = -1}), std::invalid_argument);
  EXPECT_THROW(algo::spectral(g, comm, {.weighted = true}), std::invalid_argument);
}
