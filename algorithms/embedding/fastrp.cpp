// FastRP (Chen et al., CIKM 2019), distributed: the random vectors derive from (seed, vertex key),
// every propagation is a pull over neighbours in global-id order after one ghost exchange of
// whole rows, and the column standardisation uses reproducible fixed-point sums, so the embedding
// is bit-identical for any number of ranks and threads.
#include "algorithms/embedding/fastrp.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "algorithms/embedding/reproducible_sum.hpp"
#include "engine/operators.hpp"

namespace nexus::algo {
namespace {

using engine::LocalVertex;
using engine::VertexMatrix;
using namespace embedding_detail;

void check_params(const engine::DistGraph& g, const engine::Comm& comm, const FastRPParams& p,
                  std::span<const std::uint64_t> keys) {
  check_common(g, comm, "fastrp", p.dim, keys, p.weighted);
  if (p.iteration_weights.empty())
    throw std::invalid_argument("fastrp: iteration_weights must name at least one iteration");
  for (double w : p.iteration_weights)
    if (!std::isfinite(w)) throw std::invalid_argument("fastrp: iteration weights must be finite");
  if (!std::isfinite(p.normalization_strength))
    throw std::invalid_argument("fastrp: normalization_strength must be finite");
  if (!std::isfinite(p.self_influence))
    throw std::invalid_argument("fastrp: self_influence must be finite");
  if (!(p.sparsity >= 1.0 && std::isfinite(p.sparsity)))
    throw std::invalid_argument("fastrp: sparsity must be >= 1, got " + std::to_string(p.sparsity));
}

// The very sparse random matrix R, stored compactly: R[v][j] = sign[v][j] * scale[v] with signs in
// {-1, 0, +1} (one byte each, a quarter of a float row: the first propagation reads these rows
// at random) and scale[v] = float(sqrt(s / dim) * degree(v)^beta) (isolated vertices: degree^beta
// taken as 1; their rows are zeroed at the end anyway). A component is +1 or -1 with probability
// 1/(2s) each, from uniform01(seed, key, j).
struct SparseRandom {
  VertexMatrix<std::int8_t> sign;
  engine::VertexArray<float> scale;
};

SparseRandom random_rows(const engine::DistGraph& g, const FastRPParams& p,
                         std::span<const std::uint64_t> keys,
                         const engine::VertexArray<double>& degree) {
  SparseRandom r{VertexMatrix<std::int8_t>(g, static_cast<std::size_t>(p.dim)),
                 engine::VertexArray<float>(g, 0.0f)};
  const double half = 0.5 / p.sparsity, value = std::sqrt(p.sparsity / p.dim);
  engine::for_each_owned(g, [&](LocalVertex v) {
    // uniform01(seed, key, j) with the per-vertex part of the hash hoisted out of the loop.
    const std::uint64_t base = mix64(mix64(p.seed) ^ vertex_key(g, keys, v));
    const auto row = r.sign.row(v);
    for (std::size_t j = 0; j < row.size(); ++j) {
      const double u = static_cast<double>(mix64(base ^ j) >> 11) * 0x1.0p-53;
      row[j] = static_cast<std::int8_t>(u < half ? 1 : u < 2 * half ? -1 : 0);
    }
    const double scale = degree[v] > 0 ? std::pow(degree[v], p.normalization_strength) : 1.0;
    r.scale[v] = static_cast<float>(value * scale);
  });
  return r;
}

// Four floats, handled as one value (an SSE register: GCC vector extension, part of the baseline
// x86-64 ABI). Loads and stores go through memcpy: rows carry no alignment promise.
using V4 = float __attribute__((vector_size(16)));
using V4i8 = std::int8_t __attribute__((vector_size(4)));
constexpr std::size_t kLanes = 4;

inline V4 load(const float* p) {
  V4 x;
  std::memcpy(&x, p, sizeof x);
  return x;
}
inline void store(float* p, V4 x) {
  std::memcpy(p, &x, sizeof x);
}

// out[j] += f * in[j] for j < d, each element rounded exactly like the scalar expression (the
// vector body and the scalar tail do the same operations per element).
inline void axpy(float* out, const float* in, float f, std::size_t d) {
  std::size_t j = 0;
  for (; j + kLanes <= d; j += kLanes) store(out + j, load(out + j) + f * load(in + j));
  for (; j < d; ++j) out[j] += f * in[j];
}

// The same with signs in {-1, 0, +1} as the input: out[j] += f * float(in[j]). Sixteen signs per
// step, widened with byte shuffles (SSE2 has no byte-to-float conversion).
using V16i8 = std::int8_t __attribute__((vector_size(16)));
using V4i32 = std::int32_t __attribute__((vector_size(16)));
using V8i16 = std::int16_t __attribute__((vector_size(16)));

inline void axpy(float* out, const std::int8_t* in, float f, std::size_t d) {
  std::size_t j = 0;
  for (; j + 16 <= d; j += 16) {
    V16i8 b;
    std::memcpy(&b, in + j, sizeof b);
    // Every byte repeated four times (two unpacks with itself: punpcklbw/punpckhbw, then
    // punpcklwd/punpckhwd), so that an arithmetic shift of each 32-bit lane by 24 sign-extends it.
    const auto lo = reinterpret_cast<V8i16>(
        __builtin_shufflevector(b, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
    const auto hi = reinterpret_cast<V8i16>(__builtin_shufflevector(
        b, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
    const V4i32 q[4] = {
        reinterpret_cast<V4i32>(__builtin_shufflevector(lo, lo, 0, 8, 1, 9, 2, 10, 3, 11)) >> 24,
        reinterpret_cast<V4i32>(__builtin_shufflevector(lo, lo, 4, 12, 5, 13, 6, 14, 7, 15)) >> 24,
        reinterpret_cast<V4i32>(__builtin_shufflevector(hi, hi, 0, 8, 1, 9, 2, 10, 3, 11)) >> 24,
        reinterpret_cast<V4i32>(__builtin_shufflevector(hi, hi, 4, 12, 5, 13, 6, 14, 7, 15)) >> 24};
    for (std::size_t k = 0; k < 4; ++k)
      store(out + j + 4 * k, load(out + j + 4 * k) + f * __builtin_convertvector(q[k], V4));
  }
  for (; j < d; ++j) out[j] += f * static_cast<float>(in[j]);
}

// The factor by which a row enters the weighted sum: weight, divided by the row's L2 norm when
// the iterates are normalised (a zero row stays zero). The sum of squares runs in double, in
// column order: the same bits on every rank.
inline float row_factor(const float* row, std::size_t d, double weight, bool normalize) {
  if (!normalize) return static_cast<float>(weight);
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) s += double{row[j]} * row[j];
  return s > 0 ? static_cast<float>(weight / std::sqrt(s)) : 0.0f;
}

// One propagation step, rows of `next` = D^-1 A cur, where row u of cur is in[u * d ..] times
// row_scale(u). For every owned vertex v, in the partition-independent neighbour order of
// for_each_neighbor, next_v[j] = sum over u of (w_vu / degree_v) * cur_u[j], accumulated in float
// from 0; then acc_v += row_factor(next_v) * next_v unless weight == 0. `next` may be null (the
// last step: only acc is needed). Rows of the neighbours are prefetched a few arcs ahead.
template <class In>
void propagate(const engine::DistGraph& g, bool weighted, bool normalize,
               const engine::VertexArray<double>& degree, const In* in, const float* scale,
               std::size_t d, float* next, double weight, float* acc) {
  const Adjacency adj = adjacency(g);
  const std::size_t row_bytes = d * sizeof(In);
  const std::size_t ahead = std::clamp<std::size_t>(kPrefetchBytes / row_bytes, 2, 64);
  tbb::parallel_for(tbb::blocked_range<LocalVertex>(0, g.num_owned(), 256),
                    [&](const tbb::blocked_range<LocalVertex>& range) {
                      std::vector<float> buffer(next ? 0 : d);
                      for (LocalVertex v = range.begin(); v != range.end(); ++v) {
                        float* out = next ? next + std::size_t{v} * d : buffer.data();
                        std::fill(out, out + d, 0.0f);
                        if (degree[v] > 0) {
                          const auto inv = static_cast<float>(1.0 / degree[v]);
                          for (int list = 0; list < adj.lists; ++list) {
                            const auto nbrs = list == 0 ? g.out_neighbors(v) : g.in_neighbors(v);
                            const auto ws = !weighted   ? std::span<const float>{}
                                            : list == 0 ? g.out_weights(v)
                                                        : g.in_weights(v);
                            const LocalVertex* const p = nbrs.data();
                            for (std::size_t k = 0; k < nbrs.size(); ++k) {
                              if (p + k + ahead < adj.end[list]) {
                                const LocalVertex later = p[k + ahead];
                                prefetch_row(in + std::size_t{later} * d, row_bytes);
                                if (scale) __builtin_prefetch(scale + later);
                              }
                              const LocalVertex u = p[k];
                              const float f = (weighted ? ws[k] : 1.0f) * inv;
                              axpy(out, in + std::size_t{u} * d, scale ? f * scale[u] : f, d);
                            }
                          }
                        }
                        if (weight != 0.0)
                          axpy(acc + std::size_t{v} * d, out, row_factor(out, d, weight, normalize),
                               d);
                      }
                    });
}

// Columns to mean 0 and variance 1 over the non-isolated rows (a constant column is only
// centred); isolated rows set to zero.
void finish(const engine::DistGraph& g, const engine::Comm& comm, const FastRPParams& p,
            const engine::VertexArray<double>& degree, EmbeddingResult& e) {
  const std::size_t d = e.dim;
  std::vector<char> include(g.num_owned());
  for (LocalVertex v = 0; v < g.num_owned(); ++v) include[v] = degree[v] > 0;
  std::vector<float> mean(d, 0.0f), inv_std(d, 1.0f);
  if (p.standardize) {
    const auto m = column_moments(e.values, d, include, comm);
    const double n = engine::reduce_owned(g, comm, engine::Sum{},
                                          [&](LocalVertex v) { return include[v] ? 1.0 : 0.0; });
    for (std::size_t j = 0; n > 0 && j < d; ++j) {
      const double mu = m[j] / n, var = std::max(0.0, m[d + j] / n - mu * mu);
      mean[j] = static_cast<float>(mu);
      inv_std[j] = var > 0 ? static_cast<float>(1.0 / std::sqrt(var)) : 1.0f;
    }
  }
  engine::for_each_owned(g, [&](LocalVertex v) {
    float* row = e.values.data() + std::size_t{v} * d;
    for (std::size_t j = 0; j < d; ++j) row[j] = include[v] ? (row[j] - mean[j]) * inv_std[j] : 0;
  });
}

}  // namespace

EmbeddingResult fastrp(const engine::DistGraph& g, const engine::Comm& comm, const FastRPParams& p,
                       std::span<const std::uint64_t> keys) {
  check_params(g, comm, p, keys);
  const auto d = static_cast<std::size_t>(p.dim);
  engine::VertexArray<double> degree(g, 0.0);
  engine::for_each_owned(g,
                         [&](LocalVertex v) { degree[v] = neighborhood_weight(g, v, p.weighted); });
  EmbeddingResult e{std::vector<float>(std::size_t{g.num_owned()} * d, 0.0f), d};
  float* acc = e.values.data();
  const std::size_t steps = p.iteration_weights.size();
  VertexMatrix<float> cur(g, steps > 1 ? d : 0), next(g, steps > 2 ? d : 0);
  // Checkpoint state after i propagation steps (i < steps): the iterate and the weighted sum.
  auto checkpoint = [&](std::size_t i) {
    if (i < steps && engine::checkpoint_due(p.checkpointer, static_cast<std::int64_t>(i)))
      p.checkpointer->save(static_cast<std::int64_t>(i),
                           engine::Snapshot()
                               .set("steps", static_cast<std::int64_t>(i))
                               .set_rows<float>("iterate", g.first_owned(),
                                                {cur.data(), std::size_t{g.num_owned()} * d}, d)
                               .set_rows<float>("sum", g.first_owned(), e.values, d));
  };
  std::size_t done = 0;
  if (const auto s = engine::restore_checkpoint(p.checkpointer)) {
    done = static_cast<std::size_t>(s->get<std::int64_t>("steps"));
    const auto x = s->read_rows<float>("iterate", g.first_owned(), g.num_owned(), d);
    std::copy(x.begin(), x.end(), cur.data());
    e.values = s->read_rows<float>("sum", g.first_owned(), g.num_owned(), d);
    acc = e.values.data();
  }
  if (done == 0) {
    SparseRandom r = random_rows(g, p, keys, degree);
    if (p.self_influence != 0.0) {
      // R's row v is scale_v * sign_v; its L2 norm is scale_v * sqrt(non-zero signs).
      engine::for_each_owned(g, [&](LocalVertex v) {
        const auto sign = r.sign.row(v);
        const auto nonzero = static_cast<double>(
            std::count_if(sign.begin(), sign.end(), [](std::int8_t x) { return x != 0; }));
        const double f = !p.normalize_iterations ? p.self_influence * r.scale[v]
                         : nonzero > 0           ? p.self_influence / std::sqrt(nonzero)
                                                 : 0.0;
        axpy(acc + std::size_t{v} * d, sign.data(), static_cast<float>(f), d);
      });
    }
    // First step from the compact R; both halo exchanges before it.
    engine::sync_ghosts(g, comm, r.sign);
    engine::sync_ghosts(g, comm, r.scale);
    propagate(g, p.weighted, p.normalize_iterations, degree, r.sign.data(), r.scale.data(), d,
              steps > 1 ? cur.data() : nullptr, p.iteration_weights[0], acc);
    checkpoint(done = 1);
  }
  for (std::size_t i = done; i < steps; ++i) {
    engine::sync_ghosts(g, comm, cur);  // the only halo exchange per iteration
    const bool last = i + 1 == steps;
    propagate(g, p.weighted, p.normalize_iterations, degree, cur.data(), nullptr, d,
              last ? nullptr : next.data(), p.iteration_weights[i], acc);
    if (!last) std::swap(cur, next);
    checkpoint(i + 1);
  }
  finish(g, comm, p, degree, e);
  return e;
}

}  // namespace nexus::algo
