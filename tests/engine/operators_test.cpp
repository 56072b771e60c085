// The operator set on small distributed graphs, including ranks that own nothing.
#include "engine/operators.hpp"

#include <gtest/gtest.h>

#include "tests/graph_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;
using engine::LocalVertex;

namespace {

// 0 - 1 - 2 - ... - 9 (a path, undirected) plus the chord 0 - 9.
test::EdgeList path10() {
  test::EdgeList e{10, false, {}, {}};
  for (std::uint64_t i = 0; i + 1 < 10; ++i) e.edges.emplace_back(i, i + 1);
  e.edges.emplace_back(0, 9);
  return e;
}

}  // namespace

TEST(Operators, ReduceOwnedSumsEveryVertexOnce) {
  const auto& comm = test::world();
  const auto g = test::build(path10(), comm);
  // Sum of global ids 0..9 = 45, of degrees = 2 * 10 edges = 20, max degree 2.
  EXPECT_EQ(
      engine::reduce_owned(g, comm, engine::Sum{},
                           [&](LocalVertex v) { return static_cast<double>(g.to_global(v)); }),
      45.0);
  EXPECT_EQ(engine::reduce_owned(g, comm, engine::Sum{},
                                 [&](LocalVertex v) { return std::uint64_t{g.out_degree(v)}; }),
            20u);
  EXPECT_EQ(engine::reduce_owned(g, comm, engine::Max{},
                                 [&](LocalVertex v) { return std::uint64_t{g.out_degree(v)}; }),
            2u);
}

TEST(Operators, SyncGhostsCopiesOwnersValues) {
  const auto& comm = test::world();
  const auto g = test::build(path10(), comm);
  engine::VertexArray<double> x(g, -1.0);
  engine::for_each_owned(g, [&](LocalVertex v) { x[v] = 100.0 + g.to_global(v); });
  engine::sync_ghosts(g, comm, x);
  for (LocalVertex v = 0; v < g.num_local(); ++v) EXPECT_EQ(x[v], 100.0 + g.to_global(v));
}

TEST(Operators, SyncGhostsCopiesOwnersRowsOfAMatrix) {
  const auto& comm = test::world();
  const auto g = test::build(path10(), comm);
  engine::VertexMatrix<float> m(g, 3, -1.0f);
  engine::for_each_owned(g, [&](LocalVertex v) {
    for (std::size_t j = 0; j < 3; ++j) m.row(v)[j] = 10.0f * g.to_global(v) + j;
  });
  engine::sync_ghosts(g, comm, m);
  for (LocalVertex v = 0; v < g.num_local(); ++v)
    for (std::size_t j = 0; j < 3; ++j) EXPECT_EQ(m.row(v)[j], 10.0f * g.to_global(v) + j);
}

// A matrix of owned rows only: as many rows as owned vertices, filled with the given value; with
// ghosts on this rank (the path's ends lie on other ranks from two ranks on) it refuses a ghost
// sync, which would write past its rows, and on one rank (no ghosts) it is a full matrix.
TEST(Operators, OwnedRowsMatrixHasNoGhostRows) {
  const auto& comm = test::world();
  const auto g = test::build(path10(), comm);
  engine::VertexMatrix<double> m(g, 4, engine::VertexMatrix<double>::OwnedRows{}, 2.5);
  EXPECT_EQ(m.rows(), g.num_owned());
  for (LocalVertex v = 0; v < g.num_owned(); ++v)
    for (double x : m.row(v)) EXPECT_EQ(x, 2.5);
  if (g.num_ghosts() > 0) {
    EXPECT_FALSE(m.has_ghost_rows(g));
    EXPECT_THROW(engine::sync_ghosts(g, engine::Comm::self(), m), std::logic_error);
  } else {
    EXPECT_TRUE(m.has_ghost_rows(g));
  }
  EXPECT_TRUE(engine::VertexMatrix<double>(g, 4).has_ghost_rows(g));
}

TEST(Operators, ReduceGhostsCountsGhostCopies) {
  const auto& comm = test::world();
  const auto g = test::build(path10(), comm);
  // Every local copy (owned or ghost) contributes 1; the owner's total is the number of ranks
  // holding the vertex, which we recount independently by gathering every rank's ghost list.
  engine::VertexArray<int> x(g, 1);
  engine::reduce_ghosts(g, comm, x, engine::Sum{});
  const auto all_ghosts = comm.allgatherv(g.ghosts());
  for (LocalVertex v = 0; v < g.num_owned(); ++v) {
    const auto copies = std::count(all_ghosts.begin(), all_ghosts.end(), g.to_global(v));
    EXPECT_EQ(x[v], 1 + copies) << "vertex " << g.to_global(v);
  }
}

TEST(Operators, RanksThatOwnNothing) {
  const auto& comm = test::world();
  // Two vertices, one edge: under 3 or 4 ranks some ranks own nothing and hold no edges.
  const auto g = test::build({2, true, {{0, 1}}, {}}, comm);
  EXPECT_EQ(comm.sum<std::uint64_t>(g.num_owned()), 2u);
  engine::VertexArray<double> x(g, 0.0);
  engine::for_each_owned(g, [&](LocalVertex v) { x[v] = 1.0 + g.to_global(v); });
  engine::sync_ghosts(g, comm, x);
  EXPECT_EQ(engine::reduce_owned(g, comm, engine::Sum{}, [&](LocalVertex v) { return x[v]; }), 3.0);
  for (LocalVertex v = 0; v < g.num_local(); ++v) EXPECT_EQ(x[v], 1.0 + g.to_global(v));
}

TEST(Operators, EmptyGraph) {
  const auto& comm = test::world();
  const auto g = test::build({0, false, {}, {}}, comm);
  EXPECT_EQ(g.num_owned(), 0u);
  EXPECT_EQ(engine::reduce_owned(g, comm, engine::Sum{}, [](LocalVertex) { return 1.0; }), 0.0);
}
