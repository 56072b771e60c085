// Fixed-point reproducible sums (see reproducible_sum.hpp): terms scaled by 2^e, rounded to int64
// (truncated for the column moments, rounded to nearest for the Gram matrix, whose terms are
// converted two at a time) and added exactly; e is chosen from the global maximum term and the
// global term count so that no partial or total sum can overflow.
#include "algorithms/embedding/reproducible_sum.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "algorithms/embedding/wide.hpp"

namespace nexus::algo::embedding_detail {
namespace {

using Acc = std::vector<std::int64_t>;

// 2^e with count * max_term * 2^e < 2^62.
double grid_scale(double max_term, std::uint64_t count) {
  if (!(max_term > 0.0) || !std::isfinite(max_term)) return 1.0;
  int exp_max = 0;
  std::frexp(max_term, &exp_max);  // max_term < 2^exp_max
  const int exp_count = static_cast<int>(std::bit_width(count));
  return std::ldexp(1.0, 62 - exp_max - exp_count);
}

// Runs body(acc, begin, end) over ranges of rows [0, rows) in parallel; returns the exact integer
// total over threads and ranks. `local_offset[i]`, when given, is subtracted from this rank's total
// of entry i before the ranks' totals are added (the partial sums are added modulo 2^64, so a body
// may accumulate values biased by a constant as long as the unbiased totals fit in int64).
template <class Body>
Acc reduce_rows(std::size_t rows, std::size_t size, const engine::Comm& comm, Body&& body,
                const std::vector<std::uint64_t>& local_offset = {}) {
  tbb::enumerable_thread_specific<Acc> partial([size] { return Acc(size, 0); });
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, rows, 512),
      [&](const tbb::blocked_range<std::size_t>& r) { body(partial.local(), r.begin(), r.end()); });
  std::vector<std::uint64_t> sum(size, 0);
  for (const Acc& a : partial)
    for (std::size_t i = 0; i < size; ++i) sum[i] += static_cast<std::uint64_t>(a[i]);
  Acc total(size, 0);
  for (std::size_t i = 0; i < size; ++i)
    total[i] = static_cast<std::int64_t>(sum[i] - (local_offset.empty() ? 0 : local_offset[i]));
  comm.allreduce(std::span<std::int64_t>(total), engine::ReduceOp::kSum);
  return total;
}

template <class T>
double max_abs(const T* x, std::size_t n, const engine::Comm& comm) {
  double m = 0.0;
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::abs(static_cast<double>(x[i])));
  return comm.max(m);
}

// A product t with |t| < 2^51, rounded to the nearest integer and returned as its int64 bits plus
// the bits of 1.5 * 2^52 (the magic-number conversion: adding 1.5 * 2^52 rounds t to an integer
// held exactly in the mantissa). Vectorisable without AVX-512, unlike cvttsd2si.
constexpr double kMagic = 0x1.8p52;
constexpr std::uint64_t kMagicBits = std::bit_cast<std::uint64_t>(kMagic);

// Rows go kGramRows at a time, widened to doubles once: each accumulator row (l int64) then takes
// the group's terms while it is in L1. The sums are exact integers, so the grouping does not
// change them.
constexpr std::size_t kGramRows = 8;

// acc[a * l + b] (b >= a) += bits(round(x_va x_vb scale) + magic) over rows v in [begin, end);
// y holds kGramRows rows of doubles. A product of two floats is exact in double, and the scale
// is a power of two, so each term is rounded once.
NEXUS_WIDE_KERNEL void gram_rows(const engine::VertexMatrix<float>& x, double scale,
                                 std::size_t begin, std::size_t end, double* y, std::int64_t* acc) {
  using wide::V4d;
  using V4u = std::uint64_t __attribute__((vector_size(32)));
  const std::size_t l = x.cols();
  for (std::size_t v = begin; v < end; v += kGramRows) {
    const std::size_t n = std::min(kGramRows, end - v);
    wide::convert(y, x.data() + v * l, n * l);
    for (std::size_t a = 0; a < l; ++a) {
      std::int64_t* out = acc + a * l;
      for (std::size_t k = 0; k < n; ++k) {
        const double* r = y + k * l;
        const double ra = r[a] * scale;
        std::size_t b = a;
        for (; b + 4 <= l; b += 4) {
          V4d t;
          V4u o;
          std::memcpy(&t, r + b, sizeof t);
          t = ra * t + kMagic;
          std::memcpy(&o, out + b, sizeof o);
          o += reinterpret_cast<V4u>(t);
          std::memcpy(out + b, &o, sizeof o);
        }
        for (; b < l; ++b)
          out[b] = static_cast<std::int64_t>(static_cast<std::uint64_t>(out[b]) +
                                             std::bit_cast<std::uint64_t>(ra * r[b] + kMagic));
      }
    }
  }
}

}  // namespace

std::vector<double> gram(const engine::VertexMatrix<float>& x, const engine::Comm& comm) {
  const std::size_t rows = x.num_owned(), l = x.cols();
  const double m = max_abs(x.data(), rows * l, comm);
  // Terms below 2^51 for the magic-number rounding, sums below 2^62.
  const double scale = std::min(grid_scale(m * m, comm.sum<std::uint64_t>(rows)),
                                grid_scale(m * m, std::uint64_t{1} << 10));
  std::vector<std::uint64_t> offset(l * l, 0);  // rows x magic bits in the upper triangle
  for (std::size_t a = 0; a < l; ++a)
    for (std::size_t b = a; b < l; ++b) offset[a * l + b] = rows * kMagicBits;
  // acc[a * l + b] gathers bits(round(term) + magic); the magic bits are taken out per rank below
  // (unsigned wrap-around keeps the arithmetic exact modulo 2^64, and the true sums fit in int64).
  Acc total = reduce_rows(
      rows, l * l, comm,
      [&](Acc& acc, std::size_t begin, std::size_t end) {
        thread_local std::vector<double> y;
        y.resize(kGramRows * l);
        gram_rows(x, scale, begin, end, y.data(), acc.data());
      },
      offset);
  std::vector<double> g(l * l);
  for (std::size_t a = 0; a < l; ++a)
    for (std::size_t b = a; b < l; ++b)
      g[a * l + b] = g[b * l + a] = static_cast<double>(total[a * l + b]) / scale;
  return g;
}

std::vector<double> column_moments(const std::vector<float>& x, std::size_t cols,
                                   const std::vector<char>& include, const engine::Comm& comm) {
  const std::size_t rows = include.size();
  const double m = max_abs(x.data(), rows * cols, comm);
  const std::uint64_t count = comm.sum<std::uint64_t>(rows);
  const double s1 = grid_scale(m, count), s2 = grid_scale(m * m, count);
  const Acc total =
      reduce_rows(rows, 2 * cols, comm, [&](Acc& acc, std::size_t begin, std::size_t end) {
        for (std::size_t v = begin; v < end; ++v) {
          if (!include[v]) continue;
          const float* r = x.data() + v * cols;
          for (std::size_t j = 0; j < cols; ++j) {
            const double y = r[j];
            acc[j] += static_cast<std::int64_t>(y * s1);
            acc[cols + j] += static_cast<std::int64_t>(y * y * s2);
          }
        }
      });
  std::vector<double> out(2 * cols);
  for (std::size_t j = 0; j < cols; ++j) {
    out[j] = static_cast<double>(total[j]) / s1;
    out[cols + j] = static_cast<double>(total[cols + j]) / s2;
  }
  return out;
}

}  // namespace nexus::algo::embedding_detail
