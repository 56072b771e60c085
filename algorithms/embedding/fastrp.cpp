// FastRP (Chen et al., CIKM 2019), distributed: the random vectors derive from (seed, vertex key),
// every propagation is a pull over neighbours in global-id order after one ghost exchange of
// whole rows, and the column standardisation uses reproducible fixed-point sums, so the embedding
// is bit-identical for any number of ranks and threads.
#include "algorithms/embedding/fastrp.hpp"

#include <cmath>
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

// Very sparse random projection row of v: +-sqrt(s / dim) with probability 1/(2s) each, else 0,
// scaled by degree^beta (isolated vertices: by 1; their rows are zeroed at the end anyway).
void random_rows(const engine::DistGraph& g, const FastRPParams& p,
                 std::span<const std::uint64_t> keys, const engine::VertexArray<double>& degree,
                 VertexMatrix<float>& r) {
  const double half = 0.5 / p.sparsity, value = std::sqrt(p.sparsity / p.dim);
  engine::for_each_owned(g, [&](LocalVertex v) {
    const std::uint64_t key = vertex_key(g, keys, v);
    const double scale = degree[v] > 0 ? std::pow(degree[v], p.normalization_strength) : 1.0;
    const auto row = r.row(v);
    for (std::size_t j = 0; j < row.size(); ++j) {
      const double u = uniform01(p.seed, key, j);
      row[j] = static_cast<float>(u < half ? value * scale : u < 2 * half ? -value * scale : 0.0);
    }
  });
}

// next_v = (1 / degree_v) * sum over neighbours u (in global-id order) of w_vu * cur_u.
void propagate(const engine::DistGraph& g, bool weighted, const engine::VertexArray<double>& degree,
               const VertexMatrix<float>& cur, VertexMatrix<float>& next) {
  engine::for_each_owned(g, [&](LocalVertex v) {
    const auto out = next.row(v);
    std::fill(out.begin(), out.end(), 0.0f);
    if (degree[v] <= 0) return;
    const auto inv = static_cast<float>(1.0 / degree[v]);
    for_each_neighbor(g, v, weighted, [&](LocalVertex u, double w) {
      const auto in = cur.row(u);
      const auto f = static_cast<float>(w) * inv;
      for (std::size_t j = 0; j < out.size(); ++j) out[j] += f * in[j];
    });
  });
}

void add_scaled(const engine::DistGraph& g, const VertexMatrix<float>& x, double weight,
                std::vector<float>& acc) {
  if (weight == 0.0) return;
  const auto w = static_cast<float>(weight);
  const std::size_t d = x.cols();
  engine::for_each_owned(g, [&](LocalVertex v) {
    const auto in = x.row(v);
    for (std::size_t j = 0; j < d; ++j) acc[v * d + j] += w * in[j];
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
  VertexMatrix<float> cur(g, d), next(g, d);
  random_rows(g, p, keys, degree, cur);
  EmbeddingResult e{std::vector<float>(std::size_t{g.num_owned()} * d, 0.0f), d};
  add_scaled(g, cur, p.self_influence, e.values);
  for (double w : p.iteration_weights) {
    engine::sync_ghosts(g, comm, cur);  // the only halo exchange per iteration
    propagate(g, p.weighted, degree, cur, next);
    add_scaled(g, next, w, e.values);
    std::swap(cur, next);
  }
  finish(g, comm, p, degree, e);
  return e;
}

}  // namespace nexus::algo
