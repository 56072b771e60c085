// labels_in_key_order: the labels are the positions of the vertices in the serial sort of
// (key, id), for any rank count, with keys full of ties and ranks that own nothing.
#include "partition/key_order.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "tests/test_support.hpp"

using namespace nexus;

namespace {

// Two key values per vertex with many ties, as community levels have.
std::vector<std::uint64_t> key_of(std::uint64_t v) {
  return {(v * 7919) % 13, (v * 31) % 5};
}

// The serial answer: position of every vertex in the sort of (key, id).
std::vector<engine::GlobalVertex> serial_labels(std::uint64_t n) {
  std::vector<std::uint64_t> order(n);
  std::iota(order.begin(), order.end(), std::uint64_t{0});
  std::sort(order.begin(), order.end(), [](std::uint64_t a, std::uint64_t b) {
    const auto ka = key_of(a), kb = key_of(b);
    return ka != kb ? ka < kb : a < b;
  });
  std::vector<engine::GlobalVertex> label(n);
  for (std::uint64_t i = 0; i < n; ++i) label[order[i]] = i;
  return label;
}

void expect_serial_order(const engine::VertexDistribution& dist) {
  const auto& comm = test::world();
  std::vector<std::uint64_t> keys;
  for (auto v = dist.begin(comm.rank()); v < dist.end(comm.rank()); ++v)
    for (std::uint64_t k : key_of(v)) keys.push_back(k);
  const auto mine = partition::labels_in_key_order(keys, 2, dist, comm);
  ASSERT_EQ(mine.size(), dist.count(comm.rank()));
  const auto all = comm.allgatherv(mine);  // in rank order: vertex order
  const auto expected = serial_labels(dist.num_vertices());
  ASSERT_EQ(all.size(), expected.size());
  for (std::size_t v = 0; v < all.size(); ++v) EXPECT_EQ(all[v], expected[v]) << "vertex " << v;
}

}  // namespace

TEST(KeyOrder, LabelsAreThePositionsInTheSerialSort) {
  expect_serial_order(engine::VertexDistribution::uniform(1000, test::world().size()));
}

TEST(KeyOrder, RanksWithoutVerticesAndTinyGraphs) {
  const int p = test::world().size();
  // Rank 0 owns nothing, the last rank everything else.
  std::vector<engine::GlobalVertex> offsets(p + 1, 0);
  for (int r = 1; r <= p; ++r) offsets[r] = r == p ? 257 : 0;
  expect_serial_order(engine::VertexDistribution(offsets));
  expect_serial_order(engine::VertexDistribution::uniform(3, p));  // fewer vertices than ranks
  expect_serial_order(engine::VertexDistribution::uniform(0, p));
}
