// R-MAT / Graph500 Kronecker generator. Edge i takes its random bits from SplitMix64 at counter
// position i * words_per_edge (keyed by the seed), so any rank or thread can draw any edge. Levels
// are sampled kChunkLevels at a time from one exact integer alias table over the 4^k outcomes
// (about 4 table look-ups per edge at scale 20), then both endpoints go through a seeded
// bijection on [0, 2^scale) (xor, odd multiply and xor-shift rounds).
#include "io/generate_rmat.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace nexus::io {
namespace {

using engine::GlobalVertex;
__extension__ using U128 = unsigned __int128;

constexpr int kChunkLevels = 5;  // levels per alias draw (1024 cells, 8 KiB)
constexpr int kProbBits = 24;    // a, b, c are rounded to multiples of 2^-24
constexpr std::uint64_t kMaxEdges = 1ULL << 60;
constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;
constexpr std::uint64_t kBlockEdges = 1 << 16;  // TBB grain (results never depend on it)

// SplitMix64's output function (Steele, Lea, Flood 2014): a bijective 64-bit finaliser.
inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The n-th output of a SplitMix64 stream started at `key`.
inline std::uint64_t stream_word(std::uint64_t key, std::uint64_t n) {
  return mix64(key + (n + 1) * kGolden);
}

[[noreturn]] void invalid(const std::string& what) {
  throw std::invalid_argument("generate_rmat: " + what);
}

void validate(const RmatParams& p) {
  if (p.scale < 1 || p.scale > 40)
    invalid("scale must be in [1, 40], got " + std::to_string(p.scale));
  if (p.edge_factor < 1) invalid("edge_factor must be >= 1, got " + std::to_string(p.edge_factor));
  if (static_cast<std::uint64_t>(p.edge_factor) > (kMaxEdges >> p.scale))
    invalid("edge_factor * 2^scale must be <= 2^60, got edge_factor " +
            std::to_string(p.edge_factor) + " at scale " + std::to_string(p.scale));
  const double probs[3] = {p.a, p.b, p.c};
  const char* names[3] = {"a", "b", "c"};
  for (int q = 0; q < 3; ++q) {
    if (!(probs[q] > 0.0 && probs[q] < 1.0))  // also rejects NaN
      invalid(std::string("probability ") + names[q] + " must be in (0, 1), got " +
              std::to_string(probs[q]));
  }
  const double d = 1.0 - p.a - p.b - p.c;
  if (!(d > 0.0))
    invalid("a + b + c must be below 1 (d = 1 - a - b - c > 0), got a + b + c = " +
            std::to_string(p.a + p.b + p.c));
}

// a, b, c, d as integers summing to exactly 2^kProbBits; each must stay positive.
std::array<std::uint64_t, 4> quantize(const RmatParams& p) {
  const double unit = std::ldexp(1.0, kProbBits);
  std::array<std::uint64_t, 4> q{};
  q[0] = static_cast<std::uint64_t>(std::llround(p.a * unit));
  q[1] = static_cast<std::uint64_t>(std::llround(p.b * unit));
  q[2] = static_cast<std::uint64_t>(std::llround(p.c * unit));
  const std::uint64_t abc = q[0] + q[1] + q[2];
  if (q[0] == 0 || q[1] == 0 || q[2] == 0 || abc >= (1ULL << kProbBits))
    invalid("probabilities a, b, c, d must each be at least 2^-24");
  q[3] = (1ULL << kProbBits) - abc;
  return q;
}

// Vose's alias table for the 4^k outcomes of k levels, in exact integer arithmetic. Outcome o has
// src bits o & (2^k - 1) and dst bits o >> k; its weight is the product of its levels' quadrant
// weights, and the weights sum to 2^(24k) exactly, so every cell's capacity is 2^(22k).
std::vector<RmatGenerator::Cell> alias_table(int k, const std::array<std::uint64_t, 4>& q) {
  const std::uint32_t n = 1u << (2 * k);
  const std::uint32_t low_mask = (1u << k) - 1;
  std::vector<U128> w(n);
  for (std::uint32_t o = 0; o < n; ++o) {
    U128 prod = 1;
    for (int l = 0; l < k; ++l) prod *= q[(((o & low_mask) >> l & 1) << 1) | ((o >> k) >> l & 1)];
    w[o] = prod;
  }
  const U128 cap = U128{1} << (22 * k);
  const int threshold_bits = 32 - 2 * k;
  auto to_threshold = [&](U128 x) {  // x in [0, cap] -> [0, 2^threshold_bits]
    const int shift = 22 * k - threshold_bits;
    return static_cast<std::uint32_t>(shift >= 0 ? x >> shift : x << -shift);
  };
  std::vector<RmatGenerator::Cell> cells(n);
  std::vector<std::uint32_t> small, large;
  for (std::uint32_t o = 0; o < n; ++o) {
    cells[o] = {to_threshold(cap), o};
    (w[o] < cap ? small : large).push_back(o);
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back(), l = large.back();
    small.pop_back();
    cells[s] = {to_threshold(w[s]), l};
    w[l] -= cap - w[s];  // the sum of the open cells stays (open count) * cap, exactly
    if (w[l] < cap) {
      large.pop_back();
      small.push_back(l);
    }
  }
  return cells;  // exact sums leave no stragglers; any open cell keeps itself (threshold = cap)
}

// One draw of k levels from 32 random bits: the high 2k bits pick a cell, the rest the coin. The
// choice is made with a mask, not a branch: the coin is unpredictable by design.
inline std::uint32_t draw(const RmatGenerator::Cell* table, int k, std::uint32_t u) {
  const int threshold_bits = 32 - 2 * k;
  const std::uint32_t index = u >> threshold_bits;
  const RmatGenerator::Cell cell = table[index];
  const std::uint32_t coin = u & ((1u << threshold_bits) - 1);
  const std::uint32_t keep = 0u - static_cast<std::uint32_t>(coin < cell.threshold);
  return cell.alias ^ ((cell.alias ^ index) & keep);
}

// Appends the k levels of outcome o (src bits o & (2^k - 1), dst bits o >> k) to the edge.
inline void append(GlobalVertex& src, GlobalVertex& dst, int k, std::uint32_t o) {
  src = src << k | (o & ((1u << k) - 1));
  dst = dst << k | (o >> k);
}

}  // namespace

RmatGenerator::RmatGenerator(const RmatParams& params) {
  validate(params);
  const auto q = quantize(params);
  scale_ = params.scale;
  num_vertices_ = 1ULL << scale_;
  num_edges_ = static_cast<std::uint64_t>(params.edge_factor) << scale_;
  key_ = mix64(params.seed ^ 0x6a09e667f3bcc908ULL);
  num_full_chunks_ = scale_ / kChunkLevels;
  rest_levels_ = scale_ % kChunkLevels;
  const int chunks = num_full_chunks_ + (rest_levels_ > 0 ? 1 : 0);
  words_per_edge_ = (chunks + 1) / 2;
  full_table_ = alias_table(kChunkLevels, q);
  if (rest_levels_ > 0) rest_table_ = alias_table(rest_levels_, q);
  // Scramble keys: the seed's key mixed with distinct constants (independent of the edge stream).
  for (int r = 0; r < 4; ++r) {
    scramble_xor_[r] = mix64(key_ ^ (0xa54ff53a5f1d36f1ULL + static_cast<std::uint64_t>(r)));
    scramble_mul_[r] = mix64(key_ ^ (0x510e527fade682d1ULL + static_cast<std::uint64_t>(r))) | 1;
  }
}

std::pair<GlobalVertex, GlobalVertex> RmatGenerator::unscrambled_edge(std::uint64_t i) const {
  // Chunk c takes 32 bits of hash word c / 2: the high half for even c, the low half for odd c.
  GlobalVertex src = 0, dst = 0;
  std::uint64_t n = i * static_cast<std::uint64_t>(words_per_edge_);
  const Cell* full = full_table_.data();
  int c = 0;
  for (; c + 1 < num_full_chunks_; c += 2) {
    const std::uint64_t word = stream_word(key_, n++);
    append(src, dst, kChunkLevels,
           draw(full, kChunkLevels, static_cast<std::uint32_t>(word >> 32)));
    append(src, dst, kChunkLevels, draw(full, kChunkLevels, static_cast<std::uint32_t>(word)));
  }
  if (c < num_full_chunks_) {  // an odd number of full chunks: one more, maybe the rest after it
    const std::uint64_t word = stream_word(key_, n);
    append(src, dst, kChunkLevels,
           draw(full, kChunkLevels, static_cast<std::uint32_t>(word >> 32)));
    if (rest_levels_ > 0)
      append(src, dst, rest_levels_,
             draw(rest_table_.data(), rest_levels_, static_cast<std::uint32_t>(word)));
  } else if (rest_levels_ > 0) {
    const std::uint64_t word = stream_word(key_, n);
    append(src, dst, rest_levels_,
           draw(rest_table_.data(), rest_levels_, static_cast<std::uint32_t>(word >> 32)));
  }
  return {src, dst};
}

GlobalVertex RmatGenerator::scramble(GlobalVertex v) const {
  // Each step is a bijection mod 2^scale: xor with a constant, multiply by an odd constant (low
  // bits reach the high ones), xor with a right shift of itself (high bits reach the low ones).
  const std::uint64_t mask = num_vertices_ - 1;
  const int shift = (scale_ + 1) / 2;
  for (int r = 0; r < 4; ++r) {
    v = ((v ^ scramble_xor_[r]) * scramble_mul_[r]) & mask;
    v ^= v >> shift;
  }
  return v;
}

std::pair<GlobalVertex, GlobalVertex> RmatGenerator::edge(std::uint64_t i) const {
  const auto [src, dst] = unscrambled_edge(i);
  return {scramble(src), scramble(dst)};
}

std::pair<GlobalVertex, GlobalVertex> rmat_edge(const RmatParams& params, std::uint64_t i) {
  return RmatGenerator(params).edge(i);
}

engine::EdgeSlab generate_rmat(const RmatParams& params, const engine::Comm& comm) {
  const RmatGenerator gen(params);
  const std::uint64_t m = gen.num_edges();
  const auto ranks = static_cast<U128>(comm.size());
  const auto r = static_cast<U128>(comm.rank());
  const auto begin = static_cast<std::uint64_t>(U128{m} * r / ranks);
  const auto end = static_cast<std::uint64_t>(U128{m} * (r + 1) / ranks);

  engine::EdgeSlab slab;
  slab.num_vertices = gen.num_vertices();
  slab.num_edges = m;
  slab.directed = false;
  slab.weighted = false;
  slab.src.resize(end - begin);  // large blocks are on huge pages (engine/large_blocks.hpp)
  slab.dst.resize(end - begin);
  GlobalVertex* src = slab.src.data();
  GlobalVertex* dst = slab.dst.data();
  // Every edge is a pure function of its global index: any split over threads gives one result.
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(begin, end, kBlockEdges),
                    [&](const tbb::blocked_range<std::uint64_t>& block) {
                      for (std::uint64_t i = block.begin(); i != block.end(); ++i) {
                        const auto [s, d] = gen.edge(i);
                        src[i - begin] = s;
                        dst[i - begin] = d;
                      }
                    });
  return slab;
}

}  // namespace nexus::io
