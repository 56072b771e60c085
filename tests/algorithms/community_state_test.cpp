// CommunityState's spare community ids (n + v: where v goes alone when its own id is taken) and
// canonicalize() (every community renamed to its smallest member), worked out by hand on a path,
// at 1-4 ranks.
#include <gtest/gtest.h>

#include <map>

#include "algorithms/community/community_state.hpp"
#include "tests/algorithms/community_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;
using engine::GlobalVertex;
using engine::LocalVertex;

TEST(CommunityState, SpareIdsAndCanonicalize) {
  // The path 0 - 1 - 2 - 3 - 4 - 5 (n = 6, 2m = 10; degrees 1 2 2 2 2 1), all in community 0.
  // Vertex 0 leaves alone: its own id is taken, so it goes to its spare id 6 + 0 = 6.
  //   {0}: total 1;  {1..5}: total 9, internal arcs 8.  Q = 8/10 - (1 + 81)/100 = -0.02.
  // Renamed by smallest member: {0} -> 0, {1..5} -> 1.
  const auto& comm = test::world();
  const auto g = test::build(test::path(6), comm);
  algo::community::CommunityState s(g, comm, false);
  s.assign(std::vector<GlobalVertex>(g.num_owned(), 0));
  EXPECT_FALSE(comm.any(s.spares_in_use() > 0));
  std::vector<std::pair<LocalVertex, GlobalVertex>> moves;
  for (LocalVertex v = 0; v < g.num_owned(); ++v)
    if (g.to_global(v) == 0) moves.emplace_back(v, s.spare_of(v));
  s.move(moves);
  const bool owns_zero = g.num_owned() > 0 && g.first_owned() == 0;
  EXPECT_EQ(s.spares_in_use(), owns_zero ? 1u : 0u);  // the spare id's owner: vertex 0's
  const auto t = s.snapshot();                        // collective
  if (owns_zero) {
    EXPECT_EQ(s.community(0), 6u);
    EXPECT_EQ(t.at(6).size, 1);
    EXPECT_EQ(t.at(6).total, 1.0);
    EXPECT_EQ(t.at(0).size, 5);
    EXPECT_EQ(t.at(0).total, 9.0);
    EXPECT_EQ(t.at(7).size, 0);  // vertex 1's spare id, never used
  }
  EXPECT_DOUBLE_EQ(s.quality(1.0), 0.8 - 0.82);
  const double before = s.quality(1.0);

  s.canonicalize();
  EXPECT_FALSE(comm.any(s.spares_in_use() > 0));
  std::vector<GlobalVertex> mine(s.membership().owned().begin(), s.membership().owned().end());
  EXPECT_EQ(test::gather(mine, comm), (std::vector<GlobalVertex>{0, 1, 1, 1, 1, 1}));
  EXPECT_EQ(s.quality(1.0), before);  // the same partition, integer totals

  // Vertex 1 (the smallest member of {1..5}) leaves alone: its own id is its community's.
  moves.clear();
  for (LocalVertex v = 0; v < g.num_owned(); ++v)
    if (g.to_global(v) == 1) moves.emplace_back(v, s.spare_of(v));
  s.move(moves);
  EXPECT_TRUE(comm.any(s.spares_in_use() > 0));
  // {0}, {1}, {2..5}: internal arcs 6, totals 1, 2, 7: Q = 6/10 - 54/100.
  EXPECT_DOUBLE_EQ(s.quality(1.0), 0.6 - 0.54);
  s.canonicalize();
  mine.assign(s.membership().owned().begin(), s.membership().owned().end());
  EXPECT_EQ(test::gather(mine, comm), (std::vector<GlobalVertex>{0, 1, 2, 2, 2, 2}));
}

// The copies of remote entries that a rank keeps (refreshed by assign() and move() from what the
// owners changed, never fetched whole) against the totals recomputed from the gathered
// membership: after every batch of random moves (to the community of any vertex, on any rank,
// or to the mover's spare id), the table gives the exact total and size of the community of
// every local vertex, owned or ghost.
TEST(CommunityState, RemoteCopiesFollowTheOwners) {
  const auto& comm = test::world();
  const auto e = test::random_graph(400, 2000, false, 5);
  std::vector<double> degree(e.num_vertices, 0.0);  // an undirected self-loop counts twice
  for (const auto& [u, v] : e.edges) degree[u] += 1, degree[v] += 1;
  const auto g = test::build(e, comm, partition::Policy::kEdgeBalanced);
  const GlobalVertex n = e.num_vertices;
  std::vector<GlobalVertex> start(g.num_owned());
  for (LocalVertex v = 0; v < g.num_owned(); ++v) start[v] = g.to_global(v) / 10 * 10;
  algo::community::CommunityState s(g, comm, false, nullptr, false, start);
  std::uint64_t x = 88172645463325252ull;  // the same stream on every rank
  auto next = [&] { return x ^= x << 13, x ^= x >> 7, x ^= x << 17; };
  for (int batch = 0; batch < 25; ++batch) {
    std::vector<GlobalVertex> owned(s.membership().owned().begin(), s.membership().owned().end());
    const auto all = test::gather(owned, comm);
    std::vector<std::pair<LocalVertex, GlobalVertex>> moves;
    for (GlobalVertex w = 0; w < n; ++w) {
      const std::uint64_t r = next();
      const GlobalVertex to = r % 7 == 0 ? n + w : all[(r >> 8) % n];
      if (r % 5 != 0 || to == all[w] || w < g.first_owned() || w - g.first_owned() >= g.num_owned())
        continue;
      moves.emplace_back(static_cast<LocalVertex>(w - g.first_owned()), to);
    }
    s.move(moves);
    owned.assign(s.membership().owned().begin(), s.membership().owned().end());
    const auto now = test::gather(owned, comm);
    std::map<GlobalVertex, algo::community::CommunityEntry> want;
    for (GlobalVertex w = 0; w < n; ++w) {
      want[now[w]].total += degree[w];
      ++want[now[w]].size;
    }
    const auto t = s.snapshot();
    for (LocalVertex u = 0; u < g.num_local(); ++u) {
      const GlobalVertex c = s.community(u);
      ASSERT_EQ(c, now[g.to_global(u)]);
      EXPECT_EQ(t.at(c).total, want[c].total) << "batch " << batch << ", community " << c;
      EXPECT_EQ(t.at(c).size, want[c].size) << "batch " << batch << ", community " << c;
    }
  }
}
