// IdIndex against a std::map oracle: numbers in first-added order, duplicates ignored, lookups
// right across the table's growth (ids at strides 1, 2^20 and 2^40, so that they share their low
// bits).
#include "engine/id_index.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace {

using nexus::engine::GlobalVertex;
using nexus::engine::IdIndex;

TEST(IdIndex, NumbersIdsInFirstAddedOrder) {
  IdIndex x;
  EXPECT_EQ(x.add(40), 0u);
  EXPECT_EQ(x.add(7), 1u);
  EXPECT_EQ(x.add(40), 0u);  // already there
  EXPECT_EQ(x.add(0), 2u);   // id 0 is an id like any other
  EXPECT_EQ(x.ids(), (std::vector<GlobalVertex>{40, 7, 0}));
  EXPECT_EQ(x.index_of(7), 1u);
  EXPECT_EQ(x.index_of(0), 2u);
  x.clear();
  EXPECT_TRUE(x.ids().empty());
  EXPECT_EQ(x.add(7), 0u);
}

TEST(IdIndex, MatchesAMapThroughGrowth) {
  std::mt19937_64 rng(5);
  for (GlobalVertex stride : {GlobalVertex{1}, GlobalVertex{1} << 20, GlobalVertex{1} << 40}) {
    IdIndex x(stride == 1 ? 0 : 1000);  // with and without room made up front
    std::map<GlobalVertex, std::size_t> oracle;
    for (int i = 0; i < 20000; ++i) {
      const GlobalVertex g = (rng() % 5000) * stride;
      const std::size_t expected = oracle.emplace(g, oracle.size()).first->second;
      ASSERT_EQ(x.add(g), expected);
    }
    ASSERT_EQ(x.ids().size(), oracle.size());
    for (const auto& [g, k] : oracle) {
      EXPECT_EQ(x.index_of(g), k);
      EXPECT_EQ(x.ids()[k], g);
    }
  }
}

}  // namespace
