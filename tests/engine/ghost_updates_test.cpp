// GhostUpdates: the changes-only halo exchange against the full one, on graphs where a vertex is
// a ghost on one rank (a path) and on every other rank (a star), including ranks that own nothing
// or change nothing.
#include "engine/ghost_updates.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/operators.hpp"
#include "tests/graph_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;
using engine::GlobalVertex;
using engine::LocalVertex;

namespace {

// 0 - 1 - 2 - ... - 9 (undirected), plus the chords 0 - 9 and 0 - 5: vertex 0 is a ghost on the
// ranks of 1, 5 and 9.
test::EdgeList path_with_chords() {
  test::EdgeList e{10, false, {}, {}};
  for (std::uint64_t i = 0; i + 1 < 10; ++i) e.edges.emplace_back(i, i + 1);
  e.edges.emplace_back(0, 9);
  e.edges.emplace_back(0, 5);
  return e;
}

// Changes the owned vertices whose global id `changes` selects (value 1000 + id), syncs them with
// GhostUpdates and checks every ghost against its owner's value and the reported ghosts against
// the ghosts of changed vertices.
template <class Changes>
void check_changes(const test::EdgeList& edges, Changes&& changes) {
  const auto& comm = test::world();
  const auto g = test::build(edges, comm);
  engine::VertexArray<GlobalVertex> x(g);
  for (LocalVertex v = 0; v < g.num_owned(); ++v) x[v] = 100 + g.to_global(v);
  engine::sync_ghosts(g, comm, x);
  const engine::GhostUpdates updates(g);
  std::vector<LocalVertex> changed;
  for (LocalVertex v = 0; v < g.num_owned(); ++v)
    if (changes(g.to_global(v))) {
      x[v] = 1000 + g.to_global(v);
      changed.push_back(v);
    }
  std::vector<LocalVertex> got = updates.sync(comm, x, changed);
  std::vector<LocalVertex> expected;
  for (LocalVertex u = g.num_owned(); u < g.num_local(); ++u) {
    const GlobalVertex id = g.to_global(u);
    EXPECT_EQ(x[u], (changes(id) ? 1000 : 100) + id) << "ghost " << id;
    if (changes(id)) expected.push_back(u);
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected);
  // Nothing changed: nothing is sent, nothing reported, values stay.
  EXPECT_TRUE(updates.sync(comm, x, {}).empty());
  for (LocalVertex u = g.num_owned(); u < g.num_local(); ++u)
    EXPECT_EQ(x[u], (changes(g.to_global(u)) ? 1000 : 100) + g.to_global(u));
}

}  // namespace

TEST(GhostUpdates, SendsTheChangedVerticesToEveryRankHoldingThem) {
  check_changes(path_with_chords(), [](GlobalVertex id) { return id % 3 == 0; });
}

TEST(GhostUpdates, OneChangedVertexReachesEveryRank) {
  // A star: the centre 0 is a ghost on every rank that owns a leaf.
  test::EdgeList star{9, false, {}, {}};
  for (std::uint64_t i = 1; i < 9; ++i) star.edges.emplace_back(0, i);
  check_changes(star, [](GlobalVertex id) { return id == 0; });
  check_changes(star, [](GlobalVertex id) { return id != 0; });
}

TEST(GhostUpdates, RanksThatOwnNothingTakePart) {
  // Two vertices: at 3 and 4 ranks, ranks 2 and 3 own nothing and hold no ghosts.
  const test::EdgeList edge{2, false, {{0, 1}}, {}};
  check_changes(edge, [](GlobalVertex id) { return id == 1; });
}

TEST(GhostUpdates, EveryVertexChangedEqualsAFullSync) {
  check_changes(path_with_chords(), [](GlobalVertex) { return true; });
}
