// CommunityState's spare community ids (n + v: where v goes alone when its own id is taken) and
// canonicalize() (every community renamed to its smallest member), worked out by hand on a path,
// at 1-4 ranks.
#include <gtest/gtest.h>

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
