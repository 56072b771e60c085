// smallest_per_key (algorithms/community/community_ids.hpp) against a serial recomputation: every
// rank lists some items (key, value), with keys owned by a distribution that is not the items'
// own, and every item must get the smallest value of all items with its key on all ranks. Run at
// 1-4 ranks, with uneven key ranges and a rank that lists no item.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "algorithms/community/community_ids.hpp"
#include "tests/test_support.hpp"

using namespace nexus;
using engine::GlobalVertex;

namespace {

// Item i of the whole list: key (i * 7) % 23 of 29 keys (keys 23-28 have no item), value
// (i * 37) % 101 (so for every key but key 0 the smallest value is not its first item's).
GlobalVertex key_of(std::uint64_t i) {
  return (i * 7) % 23;
}
GlobalVertex value_of(std::uint64_t i) {
  return (i * 37) % 101;
}

}  // namespace

TEST(SmallestPerKey, MatchesSerialMinimum) {
  const auto& comm = test::world();
  const std::uint64_t items = 200, num_keys = 29;
  std::map<GlobalVertex, GlobalVertex> expected;
  for (std::uint64_t i = 0; i < items; ++i) {
    auto [it, fresh] = expected.emplace(key_of(i), value_of(i));
    if (!fresh) it->second = std::min(it->second, value_of(i));
  }
  // Items split unevenly (the last rank lists none at two ranks or more), keys owned in ranges
  // that favour rank 0.
  const int p = comm.size(), r = comm.rank();
  const std::uint64_t listing = std::max(1, p - 1);
  const std::uint64_t lo = r < p - 1 || p == 1 ? items * r / listing : items;
  const std::uint64_t hi = r < p - 1 || p == 1 ? items * (r + 1) / listing : items;
  std::vector<GlobalVertex> keys, values;
  for (std::uint64_t i = lo; i < hi; ++i) keys.push_back(key_of(i)), values.push_back(value_of(i));
  std::vector<GlobalVertex> offsets{0};
  for (int q = 1; q < p; ++q) offsets.push_back(std::min<GlobalVertex>(num_keys, 15 + 3 * q));
  offsets.push_back(num_keys);
  const engine::VertexDistribution key_owner(std::move(offsets));
  const auto got = algo::smallest_per_key(keys, values, key_owner, comm);
  ASSERT_EQ(got.size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(got[i], expected.at(keys[i])) << i;
  // Every item of the whole list was answered: the counts add up.
  EXPECT_EQ(comm.sum<std::uint64_t>(got.size()), items);
}
