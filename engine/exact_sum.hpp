// ExactSum: a reproducible sum of doubles. Every addend is accumulated exactly into a long
// fixed-point integer (32-bit limbs held in int64s, covering the whole double range), so the result
// does not depend on the order of additions, the number of threads or the number of ranks.
// Rounded to double only at the end (deterministically, from the canonical limbs).
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

namespace nexus::engine {

class Comm;

class ExactSum {
 public:
  static constexpr int kLimbs = 68;  // 68 * 32 bits > 2098 bits of the double range + headroom

  void add(double x) {
    if (x == 0.0) return;
    if (!std::isfinite(x)) {
      special_ += x;  // inf/nan propagate through ordinary arithmetic
      return;
    }
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const int biased = static_cast<int>((bits >> 52) & 0x7ff);
    std::uint64_t mant = bits & ((std::uint64_t{1} << 52) - 1);
    int pos = 0;  // bit position of mant's lowest bit, 2^-1074 being position 0
    if (biased == 0) {
      pos = 0;
    } else {
      mant |= std::uint64_t{1} << 52;
      pos = biased - 1;
    }
    const int limb = pos >> 5;
    const unsigned __int128 v = static_cast<unsigned __int128>(mant) << (pos & 31);
    const auto c0 = static_cast<std::int64_t>(static_cast<std::uint64_t>(v) & 0xffffffffu);
    const auto c1 = static_cast<std::int64_t>(static_cast<std::uint64_t>(v >> 32) & 0xffffffffu);
    const auto c2 = static_cast<std::int64_t>(static_cast<std::uint64_t>(v >> 64));
    if (bits >> 63) {
      limbs_[limb] -= c0, limbs_[limb + 1] -= c1, limbs_[limb + 2] -= c2;
    } else {
      limbs_[limb] += c0, limbs_[limb + 1] += c1, limbs_[limb + 2] += c2;
    }
    if (++pending_ >= kNormalizeEvery) normalize();
  }

  void merge(const ExactSum& other);
  // The exact sum rounded to double (deterministic; within one ulp).
  double value() const;
  // Collective: the exact sum over all ranks' accumulators (communicates kLimbs int64s).
  void allreduce(const Comm& comm);

 private:
  static constexpr std::int64_t kNormalizeEvery = std::int64_t{1} << 29;
  void normalize();

  std::array<std::int64_t, kLimbs> limbs_{};
  std::int64_t pending_ = 0;
  double special_ = 0.0;
};

}  // namespace nexus::engine
