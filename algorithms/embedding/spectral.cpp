// ProNE-style spectral embedding (Zhang et al., IJCAI 2019), distributed: every sparse product is
// a pull over neighbours after a ghost exchange of whole rows, every Gram matrix a reproducible
// sum, and the small dense factorisations run identically on every rank, so the embedding is
// bit-identical for any number of ranks and threads.
#include "algorithms/embedding/spectral.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Eigenvalues>

#include "algorithms/embedding/dense_ops.hpp"
#include "engine/operators.hpp"

namespace nexus::algo {
namespace {

using engine::LocalVertex;
using namespace embedding_detail;

constexpr std::size_t kPanel = 32;  // columns filtered together by the spectral propagation

class Prone {
 public:
  Prone(const engine::DistGraph& g, const engine::Comm& comm, const SpectralParams& p)
      : g_(g), comm_(comm), p_(p), offsets_(arc_offsets(g)), degree_(g, 0.0) {
    engine::for_each_owned(
        g, [&](LocalVertex v) { degree_[v] = neighborhood_weight(g, v, p.weighted); });
    engine::sync_ghosts(g, comm, degree_);
  }

  // F's values per arc, forward (F_vu) and transposed (F_uv), in for_each_neighbor order.
  void proximity_matrix();
  // Sparse randomized truncated SVD of F: U_k S_k^(1/2), rows L2-normalised.
  Block factorize(std::span<const std::uint64_t> keys);
  // Chebyshev expansion of the band-pass filter applied to a, then multiplied by I + A; in place,
  // panel by panel.
  Block propagate(Block a);
  // U S^(1/2) of the dense block by its Gram matrix, rows L2-normalised, as float32.
  EmbeddingResult dense_embedding(Block mm);

 private:
  // out = D'^-1 (I + A) x with D' = I + D (ProNE's row-normalised adjacency with self-loops).
  void normalized_adjacency(Block& x, Block& out);
  // out = (L - mu I) x, L = I - D'^-1 (I + A).
  void shifted_laplacian(Block& x, Block& out) {
    normalized_adjacency(x, out);
    axpby(g_, -1.0, out, 1.0 - p_.mu, x);
  }
  // The Chebyshev expansion of the band-pass filter applied to a (ProNE's chebyshev_gaussian).
  Block chebyshev(const Block& a);

  const engine::DistGraph& g_;
  const engine::Comm& comm_;
  const SpectralParams& p_;
  std::vector<std::uint64_t> offsets_;
  engine::VertexArray<double> degree_;
  std::vector<float> forward_, transposed_;  // F per arc, and F^T
  std::vector<double> diag_;                 // 1 / (1 + d_v)
  std::vector<float> adjacency_;             // w_vu / (1 + d_v) per arc
};

void check_params(const engine::DistGraph& g, const engine::Comm& comm, const SpectralParams& p,
                  std::span<const std::uint64_t> keys) {
  check_common(g, comm, "spectral", p.dim, keys, p.weighted);
  if (p.steps < 1) throw std::invalid_argument("spectral: steps must be >= 1");
  if (!(p.theta > 0 && std::isfinite(p.theta)))
    throw std::invalid_argument("spectral: theta must be > 0");
  if (!std::isfinite(p.mu)) throw std::invalid_argument("spectral: mu must be finite");
  if (p.oversampling < 0) throw std::invalid_argument("spectral: oversampling must be >= 0");
  if (p.power_iterations < 0)
    throw std::invalid_argument("spectral: power_iterations must be >= 0");
}

// log(x), or 0 where x <= 0 (ProNE's convention for the logarithm of the sparse entries).
double safe_log(double x) {
  return x > 0 ? std::log(x) : 0.0;
}

}  // namespace

void Prone::proximity_matrix() {
  // Column sums of D^-1 A (for symmetric A): c_v = sum_u w_uv / d_u; p_v ~ c_v^0.75.
  engine::VertexArray<double> log_p(g_, 0.0);
  const double total = engine::reduce_owned(g_, comm_, engine::Sum{}, [&](LocalVertex v) {
    double c = 0;
    for_each_neighbor(g_, v, p_.weighted, [&](LocalVertex u, double w) {
      if (degree_[u] > 0) c += w / degree_[u];
    });
    log_p[v] = c;
    return std::pow(c, 0.75);
  });
  engine::for_each_owned(
      g_, [&](LocalVertex v) { log_p[v] = safe_log(std::pow(log_p[v], 0.75) / total); });
  engine::sync_ghosts(g_, comm_, log_p);
  forward_.resize(offsets_.back());
  transposed_.resize(offsets_.back());
  engine::for_each_owned(g_, [&](LocalVertex v) {
    std::uint64_t k = offsets_[v];
    for_each_neighbor(g_, v, p_.weighted, [&](LocalVertex u, double w) {
      const double to_u = safe_log(w / degree_[v]), from_u = safe_log(w / degree_[u]);
      forward_[k] = static_cast<float>(to_u - (to_u != 0 ? log_p[u] : 0.0));
      transposed_[k++] = static_cast<float>(from_u - (from_u != 0 ? log_p[v] : 0.0));
    });
  });
}

Block Prone::factorize(std::span<const std::uint64_t> keys) {
  const std::size_t l = static_cast<std::size_t>(p_.dim + p_.oversampling);
  // Two blocks of l columns: `in`, with ghost rows, is every sparse product's input, `out`, with
  // owned rows only, its output; a block that is to be multiplied next is first copied from out
  // into in's owned rows (out's ghost rows would never be used, and a rank's ghosts can outnumber
  // its owned vertices).
  Block in(g_, l), out(g_, l, Block::OwnedRows{});
  engine::for_each_owned(g_, [&](LocalVertex v) {  // Gaussian test matrix, Box-Muller
    const std::uint64_t key = vertex_key(g_, keys, v);
    for (std::size_t j = 0; j < l; ++j) {
      const double u1 = uniform01(p_.seed, key, 2 * j), u2 = uniform01(p_.seed, key, 2 * j + 1);
      in.row(v)[j] =
          static_cast<float>(std::sqrt(-2 * std::log1p(-u1)) * std::cos(2 * std::numbers::pi * u2));
    }
  });
  const std::vector<double> none;
  auto product = [&](const std::vector<float>& values) {  // out = values (x) in
    sparse_product(g_, comm_, offsets_, values, none, in, out);
  };
  auto take_out = [&] {  // in's owned rows = out (swapped where this rank has no ghosts)
    if (out.has_ghost_rows(g_))
      std::swap(in, out);
    else
      get_columns(g_, out, 0, in);
  };
  // One CholeskyQR pass between power iterations, two for the final basis Q.
  const int q = p_.power_iterations;
  product(forward_);  // Y = F Omega
  orthonormalize(g_, comm_, out, q == 0 ? 2 : 1);
  for (int i = 0; i < q; ++i) {
    take_out();
    product(transposed_);  // F^T Q
    orthonormalize(g_, comm_, out, 1);
    take_out();
    product(forward_);  // F F^T Q
    orthonormalize(g_, comm_, out, i + 1 == q ? 2 : 1);
  }
  // B = Q^T F; B B^T = Z^T Z with Z = F^T Q, whose eigenvectors are B's left singular vectors.
  take_out();  // Q, in in's owned rows from here on
  product(transposed_);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram_matrix(out, comm_));
  out = Block();  // what stays alive for U: Q only
  std::vector<float>().swap(forward_);
  std::vector<float>().swap(transposed_);
  Small w = Small::Zero(static_cast<Eigen::Index>(l), p_.dim);
  for (int j = 0; j < p_.dim && j < static_cast<int>(l); ++j) {
    const Eigen::Index src = static_cast<Eigen::Index>(l) - 1 - j;  // descending
    const double sigma = std::sqrt(std::max(0.0, eig.eigenvalues()(src)));
    w.col(j) = eig.eigenvectors().col(src) * std::sqrt(sigma);
  }
  Block u(g_, static_cast<std::size_t>(p_.dim), Block::OwnedRows{});
  multiply_small(g_, in, w, u);  // U_k S_k^(1/2) = Q Ub_k S_k^(1/2)
  normalize_rows(g_, u);
  return u;
}

void Prone::normalized_adjacency(Block& x, Block& out) {
  if (diag_.empty()) {
    diag_.resize(g_.num_owned());
    adjacency_.resize(offsets_.back());
    for (LocalVertex v = 0; v < g_.num_owned(); ++v) {
      diag_[v] = 1.0 / (1.0 + degree_[v]);
      std::uint64_t k = offsets_[v];
      for_each_neighbor(g_, v, p_.weighted, [&](LocalVertex, double w) {
        adjacency_[k++] = static_cast<float>(w * diag_[v]);
      });
    }
  }
  sparse_product(g_, comm_, offsets_, adjacency_, diag_, x, out);
}

Block Prone::chebyshev(const Block& a) {
  const std::size_t d = a.cols();
  Block lx0 = a, lx1(g_, d), lx2(g_, d), conv = a;
  shifted_laplacian(lx0, lx2);
  shifted_laplacian(lx2, lx1);
  axpby(g_, 0.5, lx1, -1.0, a);  // Lx1 = 0.5 M^2 a - a
  axpby(g_, std::cyl_bessel_i(0.0, p_.theta), conv, -2 * std::cyl_bessel_i(1.0, p_.theta), lx1);
  Block tmp(g_, d);
  for (int i = 2; i < p_.steps; ++i) {
    shifted_laplacian(lx1, tmp);
    shifted_laplacian(tmp, lx2);
    axpby(g_, 1.0, lx2, -2.0, lx1);
    axpby(g_, 1.0, lx2, -1.0, lx0);  // Lx2 = M^2 Lx1 - 2 Lx1 - Lx0
    const double c = 2 * std::cyl_bessel_i(static_cast<double>(i), p_.theta);
    axpby(g_, 1.0, conv, i % 2 == 0 ? c : -c, lx2);
    std::swap(lx0, lx1);
    std::swap(lx1, lx2);
  }
  return conv;
}

Block Prone::propagate(Block a) {
  // The filter acts on each column alone, so it runs on panels of kPanel columns, each written
  // back into a when done: six panel-wide blocks live instead of seven dim-wide ones, and every
  // column's arithmetic (hence every bit) is the same as on the whole block.
  std::vector<double> ones(g_.num_owned(), 1.0);
  std::vector<float> weights(offsets_.back());
  engine::for_each_owned(g_, [&](LocalVertex v) {
    std::uint64_t k = offsets_[v];
    for_each_neighbor(g_, v, p_.weighted,
                      [&](LocalVertex, double w) { weights[k++] = static_cast<float>(w); });
  });
  for (std::size_t first = 0; first < a.cols(); first += kPanel) {
    Block x(g_, std::min(kPanel, a.cols() - first));
    get_columns(g_, a, first, x);
    Block conv = chebyshev(x);
    axpby(g_, 1.0, x, -1.0, conv);  // x - conv, then multiplied by I + A
    sparse_product(g_, comm_, offsets_, weights, ones, x, conv);
    set_columns(g_, conv, first, a);
  }
  return a;
}

namespace {
EmbeddingResult to_result(const engine::DistGraph& g, const Block& x) {
  const std::size_t d = x.cols();
  return {std::vector<float>(x.data(), x.data() + std::size_t{g.num_owned()} * d), d};
}
}  // namespace

EmbeddingResult Prone::dense_embedding(Block mm) {
  // mm = U S V^T, so U S^(1/2) = mm V S^(-1/2) with V S^2 V^T the eigendecomposition of mm^T mm.
  const auto d = static_cast<Eigen::Index>(mm.cols());
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram_matrix(mm, comm_));
  const double cut = 1e-12 * std::max(0.0, eig.eigenvalues()(d - 1));
  Small w = Small::Zero(d, d);
  for (Eigen::Index j = 0; j < d; ++j) {
    const Eigen::Index src = d - 1 - j;  // descending
    const double lambda = eig.eigenvalues()(src);
    if (lambda > cut && lambda > 0)
      w.col(j) = eig.eigenvectors().col(src) * std::pow(lambda, -0.25);
  }
  multiply_small(g_, mm, w, mm);
  normalize_rows(g_, mm);
  return to_result(g_, mm);
}

EmbeddingResult spectral(const engine::DistGraph& g, const engine::Comm& comm,
                         const SpectralParams& p, std::span<const std::uint64_t> keys) {
  check_params(g, comm, p, keys);
  Prone prone(g, comm, p);
  // Checkpoint (step 1): the factorised block, between the randomized SVD and the propagation.
  Block embedding;  // not allocated before the SVD, whose peak it would raise by a block
  if (const auto s = engine::restore_checkpoint(p.checkpointer)) {
    const auto x = s->read_rows<float>("factorized", g.first_owned(), g.num_owned(), p.dim);
    embedding = Block(g, static_cast<std::size_t>(p.dim), Block::OwnedRows{});
    std::copy(x.begin(), x.end(), embedding.data());
  } else {
    prone.proximity_matrix();
    embedding = prone.factorize(keys);
    if (p.steps > 1 && engine::checkpoint_due(p.checkpointer, 1))
      p.checkpointer->save(1, engine::Snapshot().set_rows<float>(
                                  "factorized", g.first_owned(),
                                  {embedding.data(), std::size_t{g.num_owned()} * p.dim}, p.dim));
  }
  if (p.steps == 1) return to_result(g, embedding);
  return prone.dense_embedding(prone.propagate(std::move(embedding)));
}

}  // namespace nexus::algo
