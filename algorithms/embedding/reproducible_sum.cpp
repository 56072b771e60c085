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

// Runs body(acc, row) over rows [0, rows) in parallel; returns the exact integer total over
// threads and ranks. `local_offset[i]`, when given, is subtracted from this rank's total of entry
// i before the ranks' totals are added (the partial sums are added modulo 2^64, so a body may
// accumulate values biased by a constant as long as the unbiased totals fit in int64).
template <class Body>
Acc reduce_rows(std::size_t rows, std::size_t size, const engine::Comm& comm, Body&& body,
                const std::vector<std::uint64_t>& local_offset = {}) {
  tbb::enumerable_thread_specific<Acc> partial([size] { return Acc(size, 0); });
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows, 512),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      Acc& acc = partial.local();
                      for (std::size_t v = r.begin(); v != r.end(); ++v) body(acc, v);
                    });
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

// Two doubles and two 64-bit integers as one value each (SSE2 registers, baseline x86-64).
using V2d = double __attribute__((vector_size(16)));
using V2i = std::int64_t __attribute__((vector_size(16)));
using V2u = std::uint64_t __attribute__((vector_size(16)));

// A product t with |t| < 2^51, rounded to the nearest integer and returned as its int64 bits plus
// the bits of 1.5 * 2^52 (the magic-number conversion: adding 1.5 * 2^52 rounds t to an integer
// held exactly in the mantissa). Vectorisable on SSE2, unlike cvttsd2si.
constexpr double kMagic = 0x1.8p52;
constexpr std::uint64_t kMagicBits = std::bit_cast<std::uint64_t>(kMagic);

}  // namespace

std::vector<double> gram(const engine::VertexMatrix<double>& x, const engine::Comm& comm) {
  const std::size_t rows = x.num_owned(), l = x.cols();
  const double m = max_abs(x.data(), rows * l, comm);
  // Terms below 2^51 for the magic-number rounding, sums below 2^62.
  const double scale = std::min(grid_scale(m * m, comm.sum<std::uint64_t>(rows)),
                                grid_scale(m * m, std::uint64_t{1} << 10));
  const V2d magic = {kMagic, kMagic};
  std::vector<std::uint64_t> offset(l * l, 0);  // rows x magic bits in the upper triangle
  for (std::size_t a = 0; a < l; ++a)
    for (std::size_t b = a; b < l; ++b) offset[a * l + b] = rows * kMagicBits;
  // acc[a * l + b] gathers bits(round(term) + magic); the magic bits are taken out per rank below
  // (unsigned wrap-around keeps the arithmetic exact modulo 2^64, and the true sums fit in int64).
  Acc total = reduce_rows(
      rows, l * l, comm,
      [&](Acc& acc, std::size_t v) {
        const double* r = x.data() + v * l;
        for (std::size_t a = 0; a < l; ++a) {
          const double ra = r[a] * scale;
          std::int64_t* out = acc.data() + a * l;
          std::size_t b = a;
          for (; b + 2 <= l; b += 2) {
            V2d y;
            std::memcpy(&y, r + b, sizeof y);
            const V2d t = ra * y + magic;
            V2i o;
            std::memcpy(&o, out + b, sizeof o);
            o = reinterpret_cast<V2i>(reinterpret_cast<V2u>(o) + reinterpret_cast<V2u>(t));
            std::memcpy(out + b, &o, sizeof o);
          }
          for (; b < l; ++b)
            out[b] = static_cast<std::int64_t>(static_cast<std::uint64_t>(out[b]) +
                                               std::bit_cast<std::uint64_t>(ra * r[b] + kMagic));
        }
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
  const Acc total = reduce_rows(rows, 2 * cols, comm, [&](Acc& acc, std::size_t v) {
    if (!include[v]) return;
    const float* r = x.data() + v * cols;
    for (std::size_t j = 0; j < cols; ++j) {
      const double y = r[j];
      acc[j] += static_cast<std::int64_t>(y * s1);
      acc[cols + j] += static_cast<std::int64_t>(y * y * s2);
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
