// The large-block policy (engine/large_blocks.hpp): a C++ block of 2 MiB or more starts on a
// 2 MiB boundary, its whole huge pages carry the MADV_HUGEPAGE advice ("hg" in the VmFlags of
// /proc/self/smaps) and its tail below the last boundary does not; smaller blocks are plain
// malloc; an impossible size throws std::bad_alloc. Sanitizer builds keep the sanitizer's
// operator new, so there is nothing to check there.
#include "engine/large_blocks.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#if !defined(__SANITIZE_ADDRESS__)
namespace {

using nexus::engine::kHugePage;

struct Mapping {
  bool found = false;
  bool advised = false;  // VmFlags has "hg"
};

// The mapping of /proc/self/smaps that contains address a.
Mapping mapping_of(const void* a) {
  const auto at = reinterpret_cast<std::uintptr_t>(a);
  std::ifstream in("/proc/self/smaps");
  std::string line;
  Mapping m;
  bool inside = false;
  while (std::getline(in, line)) {
    std::uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      if (inside) return m;  // the next mapping begins: ours had no VmFlags line
      inside = lo <= at && at < hi;
      m.found = m.found || inside;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      m.advised = (line + " ").find(" hg ") != std::string::npos;
      return m;
    }
  }
  return m;
}

// True when the kernel has transparent huge pages (smaps then reports AnonHugePages).
bool kernel_has_thp() {
  std::ifstream in("/proc/self/smaps");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("AnonHugePages:", 0) == 0) return true;
  return false;
}

TEST(LargeBlocks, LargeVectorIsAlignedAndAdvisedButNotItsTail) {
  // 3 MiB: one whole huge page [p, p + 2 MiB) and a 1 MiB tail.
  std::vector<char> v(3 * (std::size_t{1} << 20));
  const auto p = reinterpret_cast<std::uintptr_t>(v.data());
  EXPECT_EQ(p % kHugePage, 0u);
  const Mapping head = mapping_of(v.data());
  const Mapping tail = mapping_of(v.data() + kHugePage + 4096);
  ASSERT_TRUE(head.found);
  ASSERT_TRUE(tail.found);
  EXPECT_EQ(head.advised, kernel_has_thp());
  EXPECT_FALSE(tail.advised);
}

TEST(LargeBlocks, ManyLargeBlocksComeAndGo) {
  // Allocation and release through every path (vector growth, new[], sized delete) stay
  // consistent: each block is usable over its whole size.
  for (int round = 0; round < 3; ++round) {
    std::vector<std::vector<std::uint64_t>> blocks;
    for (int i = 0; i < 16; ++i) {
      blocks.emplace_back();
      for (std::uint64_t k = 0; k < (std::uint64_t{1} << 19) + 7 * i; ++k)
        blocks.back().push_back(k);
    }
    for (const auto& b : blocks) EXPECT_EQ(b.back(), b.size() - 1);
    auto* array = new double[(kHugePage / sizeof(double)) * 2 + 1];
    array[0] = 1.0;
    array[(kHugePage / sizeof(double)) * 2] = 2.0;
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(array) % kHugePage, 0u);
    delete[] array;
  }
}

TEST(LargeBlocks, SmallBlocksAndFailures) {
  auto small = std::make_unique<char[]>(100);
  small[99] = 1;
  EXPECT_EQ(small[99], 1);
  void* zero = ::operator new(0);  // a distinct, non-null pointer
  EXPECT_NE(zero, nullptr);
  ::operator delete(zero);
  EXPECT_THROW((void)::operator new(std::numeric_limits<std::size_t>::max() / 2), std::bad_alloc);
  EXPECT_EQ(::operator new(std::numeric_limits<std::size_t>::max() / 2, std::nothrow), nullptr);
}

}  // namespace
#endif

namespace {

// release_unused gives back the whole pages past `used`: they read as zero when touched again;
// the bytes before `used` and those after the last whole page keep their values.
TEST(LargeBlocks, ReleasedTailReadsAsZero) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> v((std::size_t{8} << 20) + 100, 0xab);
  const std::size_t used = (std::size_t{1} << 20) + 3;
  nexus::engine::release_unused(v.data(), used, v.size());
  const auto base = reinterpret_cast<std::uintptr_t>(v.data());
  const std::size_t from = (base + used + page - 1) / page * page - base;
  const std::size_t to = (base + v.size()) / page * page - base;
  ASSERT_LT(from, to);
  std::size_t changed_before = 0, nonzero_inside = 0, changed_after = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i < from)
      changed_before += v[i] != 0xab;
    else if (i < to)
      nonzero_inside += v[i] != 0;
    else
      changed_after += v[i] != 0xab;
  }
  EXPECT_EQ(changed_before, 0u);
  EXPECT_EQ(nonzero_inside, 0u);
  EXPECT_EQ(changed_after, 0u);
  // Nothing to give back: no whole page past `used`.
  std::vector<unsigned char> w(page / 2, 0xcd);
  nexus::engine::release_unused(w.data(), 1, w.size());
  EXPECT_EQ(w.back(), 0xcd);
}

}  // namespace
