// FastRP: bit-identical embeddings for every rank count, partition policy and thread count;
// shapes, finite values, zero rows for isolated vertices; two cliques joined by an edge separate;
// random vectors keyed by original ids (a relabelled graph gives the same embedding); the verifier
// and parameter validation.
#include "algorithms/embedding/fastrp.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <numeric>

#include "tests/algorithms/embedding_test_util.hpp"
#include "tests/graph_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;

namespace {

// The keys of the owned vertices under a key function of the global id.
std::vector<std::uint64_t> keys_of(const engine::DistGraph& g,
                                   std::uint64_t (*key)(std::uint64_t)) {
  std::vector<std::uint64_t> k(g.num_owned());
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) k[v] = key(g.to_global(v));
  return k;
}

std::uint64_t odd_key(std::uint64_t global) {
  return global * 7919 + 13;
}

}  // namespace

TEST(FastRP, BitIdenticalForRanksPoliciesAndThreads) {
  const auto& comm = test::world();
  const auto self = engine::Comm::self();
  for (bool directed : {false, true}) {
    for (bool weighted : {false, true}) {
      const auto e = test::random_graph(2000, 12000, directed, 31, weighted);
      const algo::FastRPParams p{.dim = 24, .self_influence = 0.5, .weighted = weighted};
      const auto gs = test::build(e, self);
      const auto ref = algo::fastrp(gs, self, p, keys_of(gs, odd_key)).values;
      for (auto policy : {partition::Policy::kUniform, partition::Policy::kEdgeBalanced}) {
        const auto g = test::build(e, comm, policy);
        const auto got = test::gather_rows(comm, algo::fastrp(g, comm, p, keys_of(g, odd_key)));
        ASSERT_EQ(got, ref) << "directed " << directed << " weighted " << weighted;
      }
      const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
      const auto g = test::build(e, comm);
      ASSERT_EQ(test::gather_rows(comm, algo::fastrp(g, comm, p, keys_of(g, odd_key))), ref);
    }
  }
}

// Column blocks: the same bits as all columns at once (one rank, one thread), for blocks that
// divide dim and blocks that do not (a narrower last block), with normalised and raw iterates, a
// self-influence term (whose normalisation needs the whole row of R) and trailing zero weights.
TEST(FastRP, ColumnBlocksGiveTheSameBits) {
  const auto& comm = test::world();
  const auto self = engine::Comm::self();
  const auto e = test::random_graph(900, 5000, true, 17, true);
  const auto gs = test::build(e, self);
  const auto g = test::build(e, comm, partition::Policy::kEdgeBalanced);
  for (bool normalize : {true, false}) {
    for (const std::vector<double>& weights :
         {std::vector<double>{0.0, 0.0, 1.0, 6.67}, std::vector<double>{1.0, 0.0, 2.0, 0.0}}) {
      algo::FastRPParams p{.dim = 24,
                           .iteration_weights = weights,
                           .self_influence = 0.5,
                           .weighted = true,
                           .normalize_iterations = normalize};
      const auto ref = algo::fastrp(gs, self, p, keys_of(gs, odd_key)).values;
      for (int block : {1, 5, 8, 23, 24, 100}) {
        p.block_columns = block;
        const auto got = test::gather_rows(comm, algo::fastrp(g, comm, p, keys_of(g, odd_key)));
        ASSERT_EQ(got, ref) << "normalize " << normalize << " block " << block << " weights "
                            << weights.size() << " last " << weights.back();
      }
    }
  }
}

TEST(FastRP, ShapeFiniteIsolatedRowsZeroAndVerifierPasses) {
  const auto& comm = test::world();
  const auto g = test::build(test::random_graph(500, 2000, false, 5), comm);
  const auto e = algo::fastrp(g, comm, {.dim = 16, .self_influence = 1.0});
  ASSERT_EQ(e.dim, 16u);
  ASSERT_EQ(e.values.size(), std::size_t{g.num_owned()} * 16);
  const auto x = test::gather_rows(comm, e);
  ASSERT_EQ(x.size(), 500u * 16);
  const auto all = comm.allgatherv(std::vector<std::uint64_t>([&] {
    std::vector<std::uint64_t> d(g.num_owned());
    for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) d[v] = g.out_degree(v);
    return d;
  }()));
  std::size_t isolated = 0;
  for (std::size_t v = 0; v < 500; ++v) {
    double norm = 0;
    for (std::size_t j = 0; j < 16; ++j) {
      ASSERT_TRUE(std::isfinite(x[v * 16 + j]));
      norm += std::abs(x[v * 16 + j]);
    }
    if (all[v] == 0) {
      ++isolated;
      EXPECT_EQ(norm, 0.0) << "isolated vertex " << v;
    } else {
      EXPECT_GT(norm, 0.0) << "vertex " << v;
    }
  }
  EXPECT_GT(isolated, 0u);  // the fixture leaves the top 5% of ids isolated
  const auto check = algo::verify_embedding(g, comm, e);
  EXPECT_TRUE(check.ok) << check.message;
}

TEST(FastRP, ColumnsAreStandardised) {
  const auto& comm = test::world();
  const auto g = test::build(test::random_graph(800, 6000, false, 8), comm);
  const auto x = test::gather_rows(comm, algo::fastrp(g, comm, {.dim = 8}));
  std::vector<std::uint64_t> deg(g.num_owned());
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) deg[v] = g.out_degree(v);
  const auto degrees = comm.allgatherv(deg);
  for (std::size_t j = 0; j < 8; ++j) {
    double s = 0, s2 = 0, n = 0;
    for (std::size_t v = 0; v < 800; ++v)
      if (degrees[v] > 0) s += x[v * 8 + j], s2 += double{x[v * 8 + j]} * x[v * 8 + j], n += 1;
    EXPECT_NEAR(s / n, 0.0, 1e-5);
    EXPECT_NEAR(s2 / n, 1.0, 1e-4);
  }
}

// With normalised iterates and no standardisation, one weighted iterate gives rows of L2 norm
// |weight| (isolated rows stay zero); two iterates u, w give rows 2 * u + 3 * w with unit u, w, so
// a norm between 1 and 5. Without normalisation the first case's norms are not all equal.
TEST(FastRP, IteratesAreRowNormalised) {
  const auto& comm = test::world();
  const auto g = test::build(test::random_graph(600, 3000, false, 12), comm);
  const auto norms = [&](const algo::FastRPParams& p) {
    const auto x = test::gather_rows(comm, algo::fastrp(g, comm, p));
    std::vector<double> n(600, 0.0);
    for (std::size_t v = 0; v < 600; ++v)
      for (std::size_t j = 0; j < 16; ++j) n[v] += double{x[v * 16 + j]} * x[v * 16 + j];
    for (double& y : n) y = std::sqrt(y);
    return n;
  };
  std::vector<std::uint64_t> deg(g.num_owned());
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) deg[v] = g.out_degree(v);
  const auto degrees = comm.allgatherv(deg);
  const auto one = norms({.dim = 16, .iteration_weights = {0.0, 1.5}, .standardize = false});
  const auto two = norms({.dim = 16, .iteration_weights = {2.0, 3.0}, .standardize = false});
  const auto raw = norms({.dim = 16,
                          .iteration_weights = {0.0, 1.5},
                          .standardize = false,
                          .normalize_iterations = false});
  double raw_min = 1e300, raw_max = 0;
  for (std::size_t v = 0; v < 600; ++v) {
    if (degrees[v] == 0) {
      EXPECT_EQ(one[v], 0.0);
      continue;
    }
    EXPECT_NEAR(one[v], 1.5, 1e-5) << v;
    EXPECT_GE(two[v], 1.0 - 1e-5);
    EXPECT_LE(two[v], 5.0 + 1e-5);
    raw_min = std::min(raw_min, raw[v]), raw_max = std::max(raw_max, raw[v]);
  }
  EXPECT_GT(raw_max, 1.5 * raw_min);
}

TEST(FastRP, TwoCliquesJoinedByAnEdgeSeparate) {
  const auto& comm = test::world();
  const std::uint64_t k = 12;
  const auto g = test::build(test::two_cliques(k), comm);
  for (std::uint64_t seed : {1, 2, 3}) {
    const algo::FastRPParams p{.dim = 64, .seed = seed};
    test::expect_cliques_separate(test::gather_rows(comm, algo::fastrp(g, comm, p)), 64, k);
  }
}

TEST(FastRP, KeyedByOriginalIdsNotByNumbering) {
  // The same graph with its vertices renumbered by a permutation: with the original ids as keys,
  // every vertex gets the same row (up to float rounding: neighbour sums run in another order).
  const auto& comm = test::world();
  const std::uint64_t n = 300;
  auto e = test::random_graph(n, 1500, false, 12);
  std::vector<std::uint64_t> perm(n), inverse(n);
  std::iota(perm.begin(), perm.end(), 0);
  for (std::uint64_t i = 0; i < n; ++i) std::swap(perm[i], perm[(i * 7 + 3) % n]);
  for (std::uint64_t i = 0; i < n; ++i) inverse[perm[i]] = i;
  auto relabelled = e;
  for (auto& [u, v] : relabelled.edges) u = perm[u], v = perm[v];
  const algo::FastRPParams p{.dim = 16};
  const auto g1 = test::build(e, comm), g2 = test::build(relabelled, comm);
  const auto x1 = test::gather_rows(comm, algo::fastrp(g1, comm, p));  // keys = ids of e
  std::vector<std::uint64_t> keys(g2.num_owned());
  for (engine::LocalVertex v = 0; v < g2.num_owned(); ++v) keys[v] = inverse[g2.to_global(v)];
  const auto x2 = test::gather_rows(comm, algo::fastrp(g2, comm, p, keys));
  for (std::uint64_t v = 0; v < n; ++v)
    for (std::size_t j = 0; j < 16; ++j)
      ASSERT_NEAR(x1[v * 16 + j], x2[perm[v] * 16 + j], 1e-4) << "vertex " << v;
  // A different seed gives a different embedding.
  const auto x3 = test::gather_rows(comm, algo::fastrp(g1, comm, {.dim = 16, .seed = 7}));
  EXPECT_NE(x1, x3);
}

TEST(FastRP, VerifierRejectsBadEmbeddings) {
  const auto& comm = test::world();
  const auto g = test::build(test::random_graph(200, 600, false, 3), comm);
  auto e = algo::fastrp(g, comm, {.dim = 4});
  const int owner = comm.min(g.num_owned() > 0 ? comm.rank() : comm.size());
  auto bad = e;
  if (comm.rank() == owner) bad.values[0] = std::nanf("");
  EXPECT_FALSE(algo::verify_embedding(g, comm, bad).ok);
  // A non-zero row for an isolated vertex (the fixture's isolated ids are the top 5%).
  bad = e;
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v)
    if (g.out_degree(v) == 0) bad.values[std::size_t{v} * 4] = 1.0f;
  EXPECT_FALSE(algo::verify_embedding(g, comm, bad).ok);
}

TEST(FastRP, InvalidParametersThrow) {
  const auto& comm = test::world();
  const auto g = test::build({3, true, {{0, 1}}, {}}, comm);
  EXPECT_THROW(algo::fastrp(g, comm, {.dim = 0}), std::invalid_argument);
  EXPECT_THROW(algo::fastrp(g, comm, {.iteration_weights = {}}), std::invalid_argument);
  EXPECT_THROW(algo::fastrp(g, comm, {.sparsity = 0.5}), std::invalid_argument);
  EXPECT_THROW(algo::fastrp(g, comm, {.weighted = true}), std::invalid_argument);
  EXPECT_THROW(algo::fastrp(g, comm, {.normalization_strength = NAN}), std::invalid_argument);
  EXPECT_THROW(algo::fastrp(g, comm, {.block_columns = -1}), std::invalid_argument);
  const std::vector<std::uint64_t> wrong(g.num_owned() + 1, 0);
  EXPECT_THROW(algo::fastrp(g, comm, {}, wrong), std::invalid_argument);
}
