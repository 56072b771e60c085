// CheckpointStore under P ranks: a snapshot (scalars, lists, a string, float/int64/uint64 tables
// with uneven row ranges and an empty rank) read back in another row tiling; the last 2 of a
// prefix kept; a truncated newest file and a leftover .partial skipped for the previous one; a
// checkpoint with another key refused (UsageError); no checkpoint: std::nullopt.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/error.hpp"
#include "io/checkpoint_store.hpp"
#include "tests/test_support.hpp"

namespace nexus::io {
namespace {

using test::world;

const CheckpointKey kKey{"00ff", "pagerank", "pagerank", "{\"damping\":0.85}"};

// Uneven rows per rank (none on the last rank when P > 1), total 40 + ...
std::uint64_t rows_of(int r, int p) {
  return p > 1 && r == p - 1 ? 0 : 7 + 5 * static_cast<std::uint64_t>(r);
}

engine::Snapshot make(std::int64_t step, std::uint64_t& total) {
  std::uint64_t first = 0;
  total = 0;
  for (int r = 0; r < world().size(); ++r) {
    if (r < world().rank()) first += rows_of(r, world().size());
    total += rows_of(r, world().size());
  }
  const std::uint64_t n = rows_of(world().rank(), world().size());
  std::vector<float> m(n * 3);
  std::vector<std::int64_t> a(n);
  std::vector<std::uint64_t> b(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    for (int j = 0; j < 3; ++j) m[i * 3 + j] = static_cast<float>((first + i) * 10 + j) + 0.5f;
    a[i] = -static_cast<std::int64_t>(first + i) * step;
    b[i] = (first + i) << 40;
  }
  engine::Snapshot s;
  s.set("step", step).set("x", 0.1 * step).set("name", std::string("lvl\0x", 5));
  s.set("list", std::vector<double>{1.5, -2.0}).set("ints", std::vector<std::int64_t>{3, 4, 5});
  s.set_rows<float>("m", first, m, 3).set_rows<std::int64_t>("a", first, a);
  s.set_rows<std::uint64_t>("b", first, b);
  return s;
}

// Rows of the resuming tiling: even split in reverse rank order.
void check(const engine::Snapshot& s, std::int64_t step, std::uint64_t total) {
  const std::uint64_t p = world().size(), r = p - 1 - world().rank();
  const std::uint64_t first = total * r / p, n = total * (r + 1) / p - first;
  EXPECT_EQ(s.get<std::int64_t>("step"), step);
  EXPECT_EQ(s.get<double>("x"), 0.1 * step);
  EXPECT_EQ(s.get<std::string>("name"), std::string("lvl\0x", 5));
  EXPECT_EQ(s.get<std::vector<double>>("list"), (std::vector<double>{1.5, -2.0}));
  EXPECT_EQ(s.get<std::vector<std::int64_t>>("ints"), (std::vector<std::int64_t>{3, 4, 5}));
  const auto m = s.read_rows<float>("m", first, n, 3);
  const auto a = s.read_rows<std::int64_t>("a", first, n);
  const auto b = s.read_rows<std::uint64_t>("b", first, n);
  for (std::uint64_t i = 0; i < n; ++i) {
    EXPECT_EQ(m[i * 3 + 2], static_cast<float>((first + i) * 10 + 2) + 0.5f);
    EXPECT_EQ(a[i], -static_cast<std::int64_t>(first + i) * step);
    EXPECT_EQ(b[i], (first + i) << 40);
  }
}

TEST(CheckpointStore, RoundTripKeepAndSkipDamaged) {
  const std::string dir = test::scratch_dir("ckpt_store") + "/ck";
  CheckpointStore store(dir, world());
  std::uint64_t total = 0;
  EXPECT_FALSE(store.read_latest("t", kKey).has_value());
  for (std::int64_t step : {1, 2, 3}) store.write("t", step, kKey, make(step, total));
  const auto files = store.list("t");
  ASSERT_EQ(files.size(), 2u);  // keeps the last 2
  std::int64_t step = 0;
  auto s = store.read_latest("t", kKey, &step);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(step, 3);
  check(*s, 3, total);
  s.reset();
  world().barrier();
  if (world().rank() == 0) {  // damage the newest, leave a half-written one
    std::filesystem::resize_file(files[1], std::filesystem::file_size(files[1]) / 2);
    std::ofstream(dir + "/t-0000000004.h5.partial") << "half";
  }
  world().barrier();
  s = store.read_latest("t", kKey, &step);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(step, 2);
  check(*s, 2, total);
  s.reset();
  CheckpointKey other = kKey;
  other.params = "{\"damping\":0.9}";
  EXPECT_THROW(store.read_latest("t", other), UsageError);
  store.remove("t");
  EXPECT_TRUE(store.list("t").empty());
}

}  // namespace
}  // namespace nexus::io
