// Fixed-point reproducible sums (see reproducible_sum.hpp): terms scaled by 2^e, truncated to
// int64 and added exactly; e is chosen from the global maximum term and the global term count so
// that no partial or total sum can overflow.
#include "algorithms/embedding/reproducible_sum.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <bit>
#include <cmath>

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
// threads and ranks.
template <class Body>
Acc reduce_rows(std::size_t rows, std::size_t size, const engine::Comm& comm, Body&& body) {
  tbb::enumerable_thread_specific<Acc> partial([size] { return Acc(size, 0); });
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows, 512),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      Acc& acc = partial.local();
                      for (std::size_t v = r.begin(); v != r.end(); ++v) body(acc, v);
                    });
  Acc total(size, 0);
  for (const Acc& a : partial)
    for (std::size_t i = 0; i < size; ++i) total[i] += a[i];
  comm.allreduce(std::span<std::int64_t>(total), engine::ReduceOp::kSum);
  return total;
}

template <class T>
double max_abs(const T* x, std::size_t n, const engine::Comm& comm) {
  double m = 0.0;
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::abs(static_cast<double>(x[i])));
  return comm.max(m);
}

}  // namespace

std::vector<double> gram(const engine::VertexMatrix<double>& x, const engine::Comm& comm) {
  const std::size_t rows = x.num_owned(), l = x.cols();
  const double m = max_abs(x.data(), rows * l, comm);
  const double scale = grid_scale(m * m, comm.sum<std::uint64_t>(rows));
  const Acc total = reduce_rows(rows, l * l, comm, [&](Acc& acc, std::size_t v) {
    const double* r = x.data() + v * l;
    for (std::size_t a = 0; a < l; ++a) {
      const double ra = r[a] * scale;
      std::int64_t* out = acc.data() + a * l;
      for (std::size_t b = a; b < l; ++b) out[b] += static_cast<std::int64_t>(ra * r[b]);
    }
  });
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
