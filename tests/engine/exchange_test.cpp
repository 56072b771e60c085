// exchange_by_owner and query_by_owner: routing by key owner, deterministic receive order, and
// answers aligned with the questions (including ranks that send or own nothing).
#include "engine/exchange.hpp"

#include <gtest/gtest.h>

#include "engine/distribution.hpp"
#include "tests/test_support.hpp"

using namespace nexus;

namespace {
struct Item {
  std::uint64_t key;
  int from;
  int seq;
};
}  // namespace

TEST(Exchange, ItemsReachTheOwnerOfTheirKeyInSourceOrder) {
  const auto& comm = test::world();
  const auto dist = engine::VertexDistribution::uniform(10, comm.size());
  // Rank r sends keys r, r+1, ..., 9 (rank 0 sends all ten), in decreasing key order.
  std::vector<Item> items;
  for (int k = 9; k >= comm.rank() && k >= 0; --k)
    items.push_back({static_cast<std::uint64_t>(k), comm.rank(), 9 - k});
  const auto got =
      engine::exchange_by_owner(comm, items, [&](const Item& i) { return dist.owner(i.key); });
  std::vector<Item> expected;
  for (int src = 0; src < comm.size(); ++src)
    for (int k = 9; k >= src; --k)
      if (dist.owner(k) == comm.rank()) expected.push_back({std::uint64_t(k), src, 9 - k});
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].key, expected[i].key);
    EXPECT_EQ(got[i].from, expected[i].from);
    EXPECT_EQ(got[i].seq, expected[i].seq);
  }
}

TEST(Exchange, QueryAnswersAlignWithKeys) {
  const auto& comm = test::world();
  const auto dist = engine::VertexDistribution::uniform(7, comm.size());
  // Every rank but the last asks, with repeats, in scrambled order; the owner answers 3k+1 and
  // checks it owns the key.
  std::vector<std::uint64_t> keys;
  if (comm.rank() + 1 < comm.size() || comm.size() == 1)
    for (std::uint64_t k : {5, 0, 6, 3, 3, 1, 2, 4, 0}) keys.push_back(k);
  const auto replies = engine::query_by_owner<std::int64_t>(
      comm, keys, [&](std::uint64_t k) { return dist.owner(k); },
      [&](std::uint64_t k) {
        return dist.owner(k) == comm.rank() ? static_cast<std::int64_t>(3 * k + 1) : -1;
      });
  ASSERT_EQ(replies.size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    EXPECT_EQ(replies[i], std::int64_t(3 * keys[i] + 1));
}
