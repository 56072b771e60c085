// Spectral (ProNE-style) embedding: bit-identical for every rank count, partition policy and
// thread count; shapes, finite values, unit rows, zero rows for isolated vertices; two cliques
// joined by an edge separate; the verifier passes; parameter validation; the reproducible Gram
// matrix and the CholeskyQR orthonormalisation against a serial recomputation.
#include "algorithms/embedding/spectral.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>

#include "algorithms/embedding/dense_ops.hpp"
#include "algorithms/embedding/reproducible_sum.hpp"
#include "algorithms/embedding/wide.hpp"
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

// The reproducible Gram matrix against a plain serial double sum over the gathered rows, and
// orthonormalize (one and two CholeskyQR passes) giving X^T X = I by that same serial sum.
TEST(Spectral, GramMatchesSerialSumAndOrthonormalizeGivesIdentity) {
  using namespace algo::embedding_detail;
  const auto& comm = test::world();
  const auto g = test::build(test::random_graph(700, 2000, false, 3), comm);
  const std::size_t l = 9;
  Block x(g, l);
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v)
    for (std::size_t j = 0; j < l; ++j) {  // correlated columns, mixed magnitudes and signs
      const double u = uniform01(5, g.to_global(v), j) - 0.5;
      const double common = uniform01(5, g.to_global(v), 100) - 0.5;
      x.row(v)[j] = static_cast<float>((j % 3 == 0 ? 1e3 : 1.0) * (u + 0.9 * common));
    }
  const auto serial_gram = [&](const Block& b) {
    std::vector<double> own(b.data(), b.data() + std::size_t{g.num_owned()} * l);
    const auto all = comm.allgatherv(own);
    std::vector<double> s(l * l, 0.0);
    for (std::size_t r = 0; r < all.size() / l; ++r)
      for (std::size_t a = 0; a < l; ++a)
        for (std::size_t c = 0; c < l; ++c) s[a * l + c] += all[r * l + a] * all[r * l + c];
    return s;
  };
  const auto want = serial_gram(x);
  const auto got = gram(x, comm);
  for (std::size_t i = 0; i < l * l; ++i) EXPECT_NEAR(got[i], want[i], 1e-12 * want[0]) << i;
  // Two passes are orthonormal to rounding: the factor is exact to about 1e-15, and storing each
  // element of a unit column in float32 moves it by at most 2^-24 of itself, so an entry of the
  // stored block's Gram matrix moves by at most 2 * 2^-24 (sum_i 2 |q_i| |d_i| <= 2^-23).
  for (int passes : {1, 2}) {
    Block y = x;
    orthonormalize(g, comm, y, passes);
    const auto q = serial_gram(y);
    for (std::size_t a = 0; a < l; ++a)
      for (std::size_t c = 0; c < l; ++c)
        EXPECT_NEAR(q[a * l + c], a == c ? 1.0 : 0.0, passes == 2 ? 0x1p-23 + 1e-12 : 1e-6)
            << passes;
  }
}

// The wide helpers of the embedding kernels (wide.hpp) against plain scalar loops, for every
// length 0..19 (vector bodies and tails, the signs' 16-wide body from 16 on): the same bits,
// element by element.
TEST(Spectral, WideHelpersGiveTheScalarLoopsBits) {
  using namespace algo::embedding_detail;
  const double f = 0.7071067811865476;
  for (std::size_t c = 0; c < 20; ++c) {
    std::vector<float> xf(c);
    std::vector<double> xd(c), o(c);
    for (std::size_t j = 0; j < c; ++j) {
      xf[j] = static_cast<float>(3 * (uniform01(1, c, j) - 0.5));
      xd[j] = uniform01(2, c, j) - 0.5;
      o[j] = uniform01(3, c, j);
    }
    std::vector<double> got = o, want(c);
    wide::axpy(got.data(), xf.data(), f, c);
    for (std::size_t j = 0; j < c; ++j) want[j] = o[j] + f * static_cast<double>(xf[j]);
    EXPECT_EQ(got, want) << c;
    got = o;
    wide::axpy(got.data(), xd.data(), f, c);
    for (std::size_t j = 0; j < c; ++j) want[j] = o[j] + f * xd[j];
    EXPECT_EQ(got, want) << c;
    std::vector<double> widened(c);
    std::vector<float> rounded(c), rounded_want(c);
    wide::convert(widened.data(), xf.data(), c);
    wide::convert(rounded.data(), o.data(), c);
    for (std::size_t j = 0; j < c; ++j) {
      want[j] = static_cast<double>(xf[j]);
      rounded_want[j] = static_cast<float>(o[j]);
    }
    EXPECT_EQ(widened, want) << c;
    EXPECT_EQ(rounded, rounded_want) << c;
    // FastRP's float rows: from float rows and from int8 signs.
    std::vector<std::int8_t> signs(c);
    for (std::size_t j = 0; j < c; ++j) signs[j] = static_cast<std::int8_t>(int(j % 3) - 1);
    const float ff = 0.3f;
    std::vector<float> acc = rounded, acc_want(c);
    wide::axpy(acc.data(), xf.data(), ff, c);
    for (std::size_t j = 0; j < c; ++j) acc_want[j] = rounded[j] + ff * xf[j];
    EXPECT_EQ(acc, acc_want) << c;
    acc = rounded;
    wide::axpy(acc.data(), signs.data(), ff, c);
    for (std::size_t j = 0; j < c; ++j)
      acc_want[j] = rounded[j] + ff * static_cast<float>(signs[j]);
    EXPECT_EQ(acc, acc_want) << c;
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
