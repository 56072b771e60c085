// PageRank: exact values on hand-drawn graphs, a dense linear-solve oracle (Eigen LU) on graphs
// with sinks, self-loops, isolated vertices, weights and personalisation, bit-identical scores
// against a one-process run for every rank count and both policies, and the verifier.
#include "algorithms/pagerank/pagerank.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>

#include "tests/graph_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;
using engine::LocalVertex;

namespace {

// Scores of every vertex, gathered in global-id order.
std::vector<double> gather_scores(const engine::DistGraph& g, const engine::Comm& comm,
                                  const algo::PageRankResult& r) {
  std::vector<double> own(r.scores.owned().begin(), r.scores.owned().end());
  (void)g;
  return comm.allgatherv(own);  // ranks own consecutive ranges in rank order
}

std::vector<double> run(const test::EdgeList& e, const algo::PageRankParams& p,
                        partition::Policy policy = partition::Policy::kUniform) {
  const auto& comm = test::world();
  const auto g = test::build(e, comm, policy);
  const auto r = algo::pagerank(g, comm, p);
  EXPECT_TRUE(r.converged);
  const auto check = algo::verify_pagerank(g, comm, p, r);
  EXPECT_TRUE(check.ok) << check.message;
  return gather_scores(g, comm, r);
}

// The solver ends in double precision; L1 bound for the default tolerance 1e-10.
constexpr double kL1 = 1e-9;

// Dense oracle: solve (I - d M) x = (1 - d) t with M = P^T + t s^T (P row-stochastic by out
// weight, s the sink indicator), the stationary vector of the Google matrix.
std::vector<double> dense_pagerank(const test::EdgeList& e, double d,
                                   const std::vector<std::uint64_t>& sources = {}) {
  const auto n = static_cast<Eigen::Index>(e.num_vertices);
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t i = 0; i < e.edges.size(); ++i) {
    const auto [u, v] = e.edges[i];
    const double wt = e.weights.empty() ? 1.0 : e.weights[i];
    w(u, v) += wt;
    if (!e.directed && u != v) w(v, u) += wt;
  }
  Eigen::VectorXd t = Eigen::VectorXd::Constant(n, 1.0 / n);
  if (!sources.empty()) {
    t.setZero();
    for (auto s : sources) t(s) = 1.0 / sources.size();
  }
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index u = 0; u < n; ++u) {
    const double out = w.row(u).sum();
    if (out > 0)
      m.col(u) = w.row(u).transpose() / out;
    else
      m.col(u) = t;  // a sink's mass goes along the teleport vector
  }
  const Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n) - d * m;
  const Eigen::VectorXd x = a.partialPivLu().solve((1 - d) * t);
  return std::vector<double>(x.data(), x.data() + n);
}

void expect_close(const std::vector<double>& a, const std::vector<double>& b, double l1) {
  ASSERT_EQ(a.size(), b.size());
  double dist = 0;
  for (std::size_t i = 0; i < a.size(); ++i) dist += std::abs(a[i] - b[i]);
  EXPECT_LT(dist, l1);
}

}  // namespace

TEST(PageRank, DirectedCycleIsUniform) {
  // 0 -> 1 -> 2 -> 0: every vertex has rank 1/3.
  const auto x = run({3, true, {{0, 1}, {1, 2}, {2, 0}}, {}}, {});
  for (double v : x) EXPECT_NEAR(v, 1.0 / 3, 1e-15);
}

TEST(PageRank, UndirectedStar) {
  //      1
  //      |
  //  2 - 0 - 3     centre c = (1 + 3d) / (4 (1 + d)), each leaf (1 - c) / 3
  const double d = 0.85;
  const auto x =
      run({4, false, {{0, 1}, {0, 2}, {0, 3}}, {}}, {.tolerance = 1e-14, .max_iterations = 1000});
  const double c = (1 + 3 * d) / (4 * (1 + d));
  EXPECT_NEAR(x[0], c, 1e-13);
  for (int leaf = 1; leaf <= 3; ++leaf) EXPECT_NEAR(x[leaf], (1 - c) / 3, 1e-13);
}

TEST(PageRank, SinksSelfLoopsIsolatedAgainstDenseSolve) {
  //  0 -> 1 -> 2 (sink)     3 -> 3 (self-loop) and 3 -> 0      4 isolated      1 -> 1
  const test::EdgeList e{5, true, {{0, 1}, {1, 2}, {3, 3}, {3, 0}, {1, 1}}, {}};
  const auto x = run(e, {});
  expect_close(x, dense_pagerank(e, 0.85), kL1);
  double total = 0;
  for (double v : x) total += v;
  EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(PageRank, WeightedAndPersonalisedAgainstDenseSolve) {
  auto e = test::random_graph(60, 300, true, 17, true);
  algo::PageRankParams p{.damping = 0.7, .weighted = true};
  expect_close(run(e, p), dense_pagerank(e, 0.7), kL1);
  p.sources = {3, 5, 5, 40};
  expect_close(run(e, p), dense_pagerank(e, 0.7, {3, 5, 40}), kL1);
}

TEST(PageRank, RankCountAndPolicyInvariantBitForBit) {
  const auto& comm = test::world();
  const auto self = engine::Comm::self();
  for (bool directed : {true, false}) {
    const auto e = test::random_graph(3000, 20000, directed, 23);
    // The reference: the whole graph in this process alone.
    const auto gs = test::build(e, self);
    const auto ref = algo::pagerank(gs, self, {});
    const std::vector<double> expected(ref.scores.owned().begin(), ref.scores.owned().end());
    for (auto policy : {partition::Policy::kUniform, partition::Policy::kEdgeBalanced}) {
      const auto g = test::build(e, comm, policy);
      const auto r = algo::pagerank(g, comm, {});
      EXPECT_EQ(r.iterations, ref.iterations);
      const auto got = gather_scores(g, comm, r);
      ASSERT_EQ(got.size(), expected.size());
      for (std::size_t i = 0; i < got.size(); ++i)
        ASSERT_EQ(got[i], expected[i]) << "vertex " << i << " directed " << directed;
    }
  }
}

TEST(PageRank, ZeroToleranceRunsExactlyMaxIterations) {
  const auto& comm = test::world();
  const auto g = test::build(test::random_graph(100, 400, true, 2), comm);
  const auto r = algo::pagerank(g, comm, {.tolerance = 0.0, .max_iterations = 17});
  EXPECT_EQ(r.iterations, 17);
  EXPECT_FALSE(r.converged);
  // The verifier's bound uses the last change, so it still holds.
  EXPECT_TRUE(algo::verify_pagerank(g, comm, {.tolerance = 0.0}, r).ok);
}

TEST(PageRank, LooseToleranceEndsInSinglePrecisionWithinItsBound) {
  // A tolerance above the switch to double precision stops while shares are float32: the
  // scores are then within the float rounding bound of the exact solution, and still verified.
  const test::EdgeList e{5, true, {{0, 1}, {1, 2}, {3, 3}, {3, 0}, {1, 1}}, {}};
  expect_close(run(e, {.tolerance = 1e-5}), dense_pagerank(e, 0.85), 1e-4);
}

TEST(PageRank, VerifierRejectsWrongScores) {
  const auto& comm = test::world();
  const auto g = test::build(test::random_graph(100, 400, true, 4), comm);
  auto r = algo::pagerank(g, comm, {});
  // Move mass between two vertices owned by the first rank that owns two: the sum stays 1, the
  // fixed-point residual does not.
  const int owner = comm.min(g.num_owned() >= 2 ? comm.rank() : comm.size());
  if (comm.rank() == owner) {
    r.scores[0] += 0.01;
    r.scores[1] -= 0.01;
  }
  EXPECT_FALSE(algo::verify_pagerank(g, comm, {}, r).ok);
}

TEST(PageRank, InvalidParametersThrow) {
  const auto& comm = test::world();
  const auto g = test::build({3, true, {{0, 1}}, {}}, comm);
  EXPECT_THROW(algo::pagerank(g, comm, {.damping = 1.0}), std::invalid_argument);
  EXPECT_THROW(algo::pagerank(g, comm, {.tolerance = -1}), std::invalid_argument);
  EXPECT_THROW(algo::pagerank(g, comm, {.max_iterations = 0}), std::invalid_argument);
  EXPECT_THROW(algo::pagerank(g, comm, {.weighted = true}), std::invalid_argument);
  EXPECT_THROW(algo::pagerank(g, comm, {.sources = {7}}), std::invalid_argument);
}
