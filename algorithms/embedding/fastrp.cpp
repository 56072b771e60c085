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
#include <type_traits>

#include "algorithms/embedding/reproducible_sum.hpp"
#include "algorithms/embedding/wide.hpp"
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
  if (p.block_columns < 0)
    throw std::invalid_argument("fastrp: block_columns must be >= 0, got " +
                                std::to_string(p.block_columns));
  if (!(p.sparsity >= 1.0 && std::isfinite(p.sparsity)))
    throw std::invalid_argument("fastrp: sparsity must be >= 1, got " + std::to_string(p.sparsity));
}

// The very sparse random matrix R, stored compactly: R[v][j] = sign[v][j] * scale[v] with signs in
// {-1, 0, +1} (one byte each, a quarter of a float row: the first propagation reads these rows
// at random) and scale[v] = float(sqrt(s / dim) * degree(v)^beta) (isolated vertices: degree^beta
// taken as 1; their rows are zeroed at the end anyway). A component is +1 or -1 with probability
// 1/(2s) each, from uniform01(seed, key, j).
engine::VertexArray<float> random_scales(const engine::DistGraph& g, const FastRPParams& p,
                                         const engine::VertexArray<double>& degree) {
  engine::VertexArray<float> scale(g, 0.0f);
  const double value = std::sqrt(p.sparsity / p.dim);
  engine::for_each_owned(g, [&](LocalVertex v) {
    const double s = degree[v] > 0 ? std::pow(degree[v], p.normalization_strength) : 1.0;
    scale[v] = static_cast<float>(value * s);
  });
  return scale;
}

// Columns [first, first + width) of the signs.
VertexMatrix<std::int8_t> random_signs(const engine::DistGraph& g, const FastRPParams& p,
                                       std::span<const std::uint64_t> keys, std::size_t first,
                                       std::size_t width) {
  VertexMatrix<std::int8_t> sign(g, width);
  const double half = 0.5 / p.sparsity;
  engine::for_each_owned(g, [&](LocalVertex v) {
    // uniform01(seed, key, j) with the per-vertex part of the hash hoisted out of the loop.
    const std::uint64_t base = mix64(mix64(p.seed) ^ vertex_key(g, keys, v));
    const auto row = sign.row(v);
    for (std::size_t j = 0; j < width; ++j) {
      const double u = static_cast<double>(mix64(base ^ (first + j)) >> 11) * 0x1.0p-53;
      row[j] = static_cast<std::int8_t>(u < half ? 1 : u < 2 * half ? -1 : 0);
    }
  });
  return sign;
}

using wide::axpy;

// The sum of one vertex's row of next (see propagate) into out, which starts at zero.
template <class In>
inline void accumulate(const engine::DistGraph& g, const Adjacency& adj, bool weighted,
                       LocalVertex v, float inv, const In* in, const float* scale,
                       std::size_t width, float* out) {
  const std::size_t row_bytes = width * sizeof(In);
  const std::size_t ahead = std::clamp<std::size_t>(kPrefetchBytes / row_bytes, 2, 64);
  for (int list = 0; list < adj.lists; ++list) {
    const auto nbrs = list == 0 ? g.out_neighbors(v) : g.in_neighbors(v);
    const auto ws = !weighted   ? std::span<const float>{}
                    : list == 0 ? g.out_weights(v)
                                : g.in_weights(v);
    const LocalVertex* const p = nbrs.data();
    for (std::size_t k = 0; k < nbrs.size(); ++k) {
      if (p + k + ahead < adj.end[list]) {
        const LocalVertex later = p[k + ahead];
        prefetch_row(in + std::size_t{later} * width, row_bytes);
        if (scale) __builtin_prefetch(scale + later);
      }
      const LocalVertex u = p[k];
      const float f = (weighted ? ws[k] : 1.0f) * inv;
      axpy(out, in + std::size_t{u} * width, scale ? f * scale[u] : f, width);
    }
  }
}

// The two kinds of input rows (the signs of the first step, the float iterates after it), each
// compiled for AVX2 and for baseline x86-64 (wide.hpp).
NEXUS_WIDE_KERNEL void accumulate_signs(const engine::DistGraph& g, const Adjacency& adj,
                                        bool weighted, LocalVertex v, float inv,
                                        const std::int8_t* in, const float* scale,
                                        std::size_t width, float* out) {
  accumulate(g, adj, weighted, v, inv, in, scale, width, out);
}
NEXUS_WIDE_KERNEL void accumulate_floats(const engine::DistGraph& g, const Adjacency& adj,
                                         bool weighted, LocalVertex v, float inv, const float* in,
                                         const float* scale, std::size_t width, float* out) {
  accumulate(g, adj, weighted, v, inv, in, scale, width, out);
}

// One propagation step over `width` columns, next_v = (D^-1 A cur)_v, where row u of cur is
// in[u * width ..] times scale[u] (no scale: 1). For every owned vertex v, in the
// partition-independent neighbour order of for_each_neighbor, next_v[j] = sum over u of
// (w_vu / degree_v) * cur_u[j], accumulated in float from 0; then done(v, next_v). `next` may be
// null (the last step: the row only goes to done). Rows of the neighbours are prefetched a few
// arcs ahead.
template <class In, class Done>
void propagate(const engine::DistGraph& g, bool weighted, const engine::VertexArray<double>& degree,
               const In* in, const float* scale, std::size_t width, float* next, Done done) {
  const Adjacency adj = adjacency(g);
  tbb::parallel_for(tbb::blocked_range<LocalVertex>(0, g.num_owned(), 256),
                    [&](const tbb::blocked_range<LocalVertex>& range) {
                      std::vector<float> buffer(next ? 0 : width);
                      for (LocalVertex v = range.begin(); v != range.end(); ++v) {
                        float* out = next ? next + std::size_t{v} * width : buffer.data();
                        std::fill(out, out + width, 0.0f);
                        if (degree[v] > 0) {
                          const auto inv = static_cast<float>(1.0 / degree[v]);
                          if constexpr (std::is_same_v<In, std::int8_t>)
                            accumulate_signs(g, adj, weighted, v, inv, in, scale, width, out);
                          else
                            accumulate_floats(g, adj, weighted, v, inv, in, scale, width, out);
                        }
                        done(v, out);
                      }
                    });
}

// The weighted sum over column blocks. Each iterate x_i (x_0 = R's signs, which the self-influence
// weight multiplies) enters the sum as weight_i * x_i(v) / |x_i(v)| per row when the iterates are
// normalised (a zero row stays zero), else as weight_i * x_i(v) (x_0 then times scale(v)). A row's
// norm needs all its columns: with several blocks, a first sweep over the blocks adds up the
// squared norms (the last block, which completes them, also adds its rows to the sum) and a
// second sweep propagates the other blocks again and adds them; with one block, or without
// normalisation, one sweep does all. The squares are summed in double in column order, block
// after block, so a blocked run gives the same bits as a run in one block.
class WeightedSum {
 public:
  WeightedSum(const engine::DistGraph& g, const FastRPParams& p, std::size_t width)
      : p_(p),
        d_(static_cast<std::size_t>(p.dim)),
        width_(std::min(width, d_)),
        steps_(p.iteration_weights.size()),
        cols_(steps_ + 1),
        squares_(p.normalize_iterations ? std::size_t{g.num_owned()} * cols_ : 0, 0.0) {}

  std::size_t blocks() const { return (d_ + width_ - 1) / width_; }
  std::size_t width() const { return width_; }
  std::size_t sweeps() const { return p_.normalize_iterations && blocks() > 1 ? 2 : 1; }
  // The blocks a sweep propagates: all, but the last in the second sweep.
  std::size_t blocks_in(std::size_t sweep) const { return blocks() - sweep; }
  // What a sweep does with a block's rows: measure their squares, add them to the sum, or both.
  struct Use {
    bool measure, add;
  };
  Use use(std::size_t sweep, std::size_t block) const {
    return {p_.normalize_iterations && sweep == 0, sweep + 1 == sweeps() || block + 1 == blocks()};
  }
  // Iterate i's weight (i = 0: R, the self-influence).
  double weight(std::size_t i) const {
    return i == 0 ? p_.self_influence : p_.iteration_weights[i - 1];
  }
  // Propagation steps a sweep needs: up to the last iterate with a non-zero weight.
  std::size_t steps() const {
    std::size_t n = steps_;
    while (n > 0 && weight(n) == 0.0) --n;
    return n;
  }
  std::span<double> squares() { return squares_; }
  std::size_t squares_cols() const { return cols_; }

  // Row v of iterate i over the block's columns [first, first + width); `scale` is R's row scale
  // for i = 0 without normalisation.
  template <class T>
  void row(Use use, std::size_t i, LocalVertex v, const T* x, std::size_t first, std::size_t width,
           float scale, float* acc) {
    const double w = weight(i);
    if (w == 0.0) return;
    double* s = p_.normalize_iterations ? &squares_[std::size_t{v} * cols_ + i] : nullptr;
    if (use.measure)
      for (std::size_t j = 0; j < width; ++j)
        *s += static_cast<double>(x[j]) * static_cast<double>(x[j]);
    if (!use.add) return;
    const auto f = static_cast<float>(s ? (*s > 0 ? w / std::sqrt(*s) : 0.0) : w * scale);
    axpy(acc + std::size_t{v} * d_ + first, x, f, width);
  }

 private:
  const FastRPParams& p_;
  std::size_t d_, width_, steps_, cols_;
  std::vector<double> squares_;  // per owned row, per iterate 0..steps: the squared norm so far
};

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
  // A checkpoint fixes the block width: the run goes on in the blocks it was started with.
  const auto restored = engine::restore_checkpoint(p.checkpointer);
  const std::size_t width_asked =
      restored              ? static_cast<std::size_t>(restored->get<std::int64_t>("block_columns"))
      : p.block_columns > 0 ? static_cast<std::size_t>(p.block_columns)
                            : d;
  WeightedSum sum(g, p, width_asked);
  const std::size_t steps = sum.steps(), blocks = sum.blocks(), b = sum.width();
  engine::VertexArray<float> scale = random_scales(g, p, degree);
  engine::sync_ghosts(g, comm, scale);
  // The iterates of a block of `width` columns (the last block may be narrower than the others):
  // cur, with ghost rows, is each step's input; next, owned rows only, its output, copied into
  // cur's owned rows for the following step (swapped with cur where a rank has no ghosts).
  VertexMatrix<float> cur, next;
  auto iterates_for = [&](std::size_t width) {
    if (steps > 1 && cur.cols() != width) cur = VertexMatrix<float>(g, width);
    if (steps > 2 && next.cols() != width)
      next = VertexMatrix<float>(g, width, VertexMatrix<float>::OwnedRows{});
  };
  // Progress: sweep, block, propagation steps of the block done; checkpointed after each step but
  // a block's last as (progress, the block's current iterate, the squared norms, the weighted sum).
  std::size_t first_sweep = 0, first_block = 0, done = 0;
  auto counter = [&](std::size_t sweep, std::size_t block, std::size_t i) {
    return static_cast<std::int64_t>((sweep * blocks + block) * steps + i);
  };
  auto checkpoint = [&](std::size_t sweep, std::size_t block, std::size_t i) {
    if (i >= steps || !engine::checkpoint_due(p.checkpointer, counter(sweep, block, i))) return;
    const std::size_t width = std::min(b, d - block * b);
    engine::Snapshot snapshot;
    snapshot.set("block_columns", static_cast<std::int64_t>(b))
        .set("sweep", static_cast<std::int64_t>(sweep))
        .set("block", static_cast<std::int64_t>(block))
        .set("steps", static_cast<std::int64_t>(i))
        .set_rows<float>("iterate", g.first_owned(),
                         {cur.data(), std::size_t{g.num_owned()} * width}, width)
        .set_rows<float>("sum", g.first_owned(), e.values, d);
    if (p.normalize_iterations)  // else there are no squared norms
      snapshot.set_rows<double>("squares", g.first_owned(), sum.squares(), sum.squares_cols());
    p.checkpointer->save(counter(sweep, block, i), snapshot);
  };
  if (const auto& s = restored) {
    first_sweep = static_cast<std::size_t>(s->get<std::int64_t>("sweep"));
    first_block = static_cast<std::size_t>(s->get<std::int64_t>("block"));
    done = static_cast<std::size_t>(s->get<std::int64_t>("steps"));
    const std::size_t width = std::min(b, d - first_block * b);
    iterates_for(width);
    const auto x = s->read_rows<float>("iterate", g.first_owned(), g.num_owned(), width);
    std::copy(x.begin(), x.end(), cur.data());
    if (p.normalize_iterations) {
      const auto q =
          s->read_rows<double>("squares", g.first_owned(), g.num_owned(), sum.squares_cols());
      std::copy(q.begin(), q.end(), sum.squares().begin());
    }
    e.values = s->read_rows<float>("sum", g.first_owned(), g.num_owned(), d);
  }
  float* acc = e.values.data();
  for (std::size_t sweep = first_sweep; sweep < sum.sweeps(); ++sweep) {
    for (std::size_t block = sweep == first_sweep ? first_block : 0; block < sum.blocks_in(sweep);
         ++block) {
      const std::size_t first = block * b, width = std::min(b, d - first);
      const WeightedSum::Use use = sum.use(sweep, block);
      iterates_for(width);
      // The first step from the compact R (its halo exchanges before it), then from the iterates.
      std::size_t i = sweep == first_sweep && block == first_block ? done : 0;
      done = 0;
      if (i == 0) {
        VertexMatrix<std::int8_t> sign = random_signs(g, p, keys, first, width);
        engine::for_each_owned(g, [&](LocalVertex v) {
          sum.row(use, 0, v, sign.row(v).data(), first, width, scale[v], acc);
        });
        if (steps == 0) continue;
        engine::sync_ghosts(g, comm, sign);
        propagate(g, p.weighted, degree, sign.data(), scale.data(), width,
                  steps > 1 ? cur.data() : nullptr, [&](LocalVertex v, const float* x) {
                    sum.row(use, 1, v, x, first, width, 1.0f, acc);
                  });
        checkpoint(sweep, block, i = 1);
      }
      for (; i < steps; ++i) {
        engine::sync_ghosts(g, comm, cur);  // the only halo exchange per step
        const bool last = i + 1 == steps;
        propagate(g, p.weighted, degree, cur.data(), nullptr, width, last ? nullptr : next.data(),
                  [&](LocalVertex v, const float* x) {
                    sum.row(use, i + 1, v, x, first, width, 1.0f, acc);
                  });
        if (!last) {
          if (next.has_ghost_rows(g))  // no ghosts on this rank: the blocks are alike
            std::swap(cur, next);
          else
            std::copy(next.data(), next.data() + std::size_t{g.num_owned()} * width, cur.data());
        }
        checkpoint(sweep, block, i + 1);
      }
    }
  }
  finish(g, comm, p, degree, e);
  return e;
}

}  // namespace nexus::algo
