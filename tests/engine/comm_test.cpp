// Comm: typed collectives checked against values every rank can compute alone.
#include "engine/comm.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "tests/test_support.hpp"

using nexus::engine::Comm;

TEST(Comm, ReductionsAndPrefix) {
  const Comm& c = nexus::test::world();
  const int p = c.size(), r = c.rank();
  EXPECT_EQ(c.sum<std::int64_t>(r + 1), std::int64_t{p} * (p + 1) / 2);
  EXPECT_EQ(c.max<double>(r * 1.5), (p - 1) * 1.5);
  EXPECT_EQ(c.min<std::uint64_t>(r + 10), 10u);
  EXPECT_EQ(c.exclusive_prefix_sum<std::uint64_t>(r + 1), std::uint64_t(r) * (r + 1) / 2);
  EXPECT_TRUE(c.any(r == p - 1));
  EXPECT_FALSE(c.all(r == 0 && p > 1));
}

TEST(Comm, AllgathervAndBroadcast) {
  const Comm& c = nexus::test::world();
  // Rank r contributes r copies of r (rank 0 contributes nothing).
  std::vector<int> mine(c.rank(), c.rank());
  const auto all = c.allgatherv(mine);
  std::vector<int> expected;
  for (int r = 0; r < c.size(); ++r) expected.insert(expected.end(), r, r);
  EXPECT_EQ(all, expected);
  std::vector<double> v;
  if (c.rank() == 0) v = {1.5, 2.5, 3.5};
  c.broadcast(v, 0);
  EXPECT_EQ(v, (std::vector<double>{1.5, 2.5, 3.5}));
}

TEST(Comm, AlltoallvRoutesByDestination) {
  const Comm& c = nexus::test::world();
  struct Item {
    int from, to;
  };
  // Rank r sends (r, d) to every rank d, d+1 copies.
  std::vector<Item> send;
  std::vector<std::uint64_t> counts(c.size());
  for (int d = 0; d < c.size(); ++d) {
    counts[d] = d + 1;
    for (int k = 0; k <= d; ++k) send.push_back({c.rank(), d});
  }
  std::vector<std::uint64_t> recv_counts;
  const auto got = c.alltoallv(send, counts, &recv_counts);
  ASSERT_EQ(got.size(), std::size_t(c.size()) * (c.rank() + 1));
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].to, c.rank());
    EXPECT_EQ(got[i].from, static_cast<int>(i / (c.rank() + 1)));  // in source-rank order
  }
  for (auto rc : recv_counts) EXPECT_EQ(rc, std::uint64_t(c.rank() + 1));
}
