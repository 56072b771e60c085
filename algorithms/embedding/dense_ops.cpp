// Dense-block operations of the spectral embedding (see dense_ops.hpp). Every per-row loop runs
// in a fixed order over columns and neighbours, so a row's bits do not depend on the partition.
#include "algorithms/embedding/dense_ops.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "algorithms/embedding/embedding.hpp"
#include "algorithms/embedding/reproducible_sum.hpp"
#include "engine/operators.hpp"

namespace nexus::algo::embedding_detail {

using engine::LocalVertex;

namespace {

// Two doubles as one value (an SSE2 register, baseline x86-64); rows carry no alignment promise.
using V2d = double __attribute__((vector_size(16)));

inline V2d load2(const double* p) {
  V2d x;
  std::memcpy(&x, p, sizeof x);
  return x;
}
inline void store2(double* p, V2d x) {
  std::memcpy(p, &x, sizeof x);
}

// o[j] += f * in[j] for j < c, every element rounded as the scalar expression (no contraction
// under -std=c++20), so the vector body and the tail give the same bits as a scalar loop.
inline void axpy(double* o, const double* in, double f, std::size_t c) {
  std::size_t j = 0;
  for (; j + 4 <= c; j += 4) {
    store2(o + j, load2(o + j) + f * load2(in + j));
    store2(o + j + 2, load2(o + j + 2) + f * load2(in + j + 2));
  }
  for (; j < c; ++j) o[j] += f * in[j];
}

}  // namespace

void multiply_small(const engine::DistGraph& g, const Block& x, const Small& m, Block& out) {
  const std::size_t l = x.cols(), c = out.cols();
  // Row a of m adds nothing before its first nonzero column (R^-1 of CholeskyQR is upper
  // triangular: half the work). Skipping those exact zeros keeps every bit: o starts at +0 and
  // never becomes -0 (x + -x rounds to +0), so adding +-0 would not have changed it.
  std::vector<std::size_t> start(l, c);
  for (std::size_t a = 0; a < l; ++a)
    for (std::size_t j = 0; j < c; ++j)
      if (m(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(j)) != 0.0) {
        start[a] = j;
        break;
      }
  engine::for_each_owned(g, [&](LocalVertex v) {
    thread_local std::vector<double> in;
    in.assign(x.row(v).begin(), x.row(v).end());
    double* o = out.row(v).data();
    std::fill(o, o + c, 0.0);
    for (std::size_t a = 0; a < l; ++a)
      axpy(o + start[a], m.data() + a * c + start[a], in[a], c - start[a]);
  });
}

void get_columns(const engine::DistGraph& g, const Block& x, std::size_t first, Block& out) {
  engine::for_each_owned(g, [&](LocalVertex v) {
    const double* in = x.row(v).data() + first;
    std::copy(in, in + out.cols(), out.row(v).data());
  });
}

void set_columns(const engine::DistGraph& g, const Block& in, std::size_t first, Block& x) {
  engine::for_each_owned(g, [&](LocalVertex v) {
    const auto r = in.row(v);
    std::copy(r.begin(), r.end(), x.row(v).data() + first);
  });
}

Small gram_matrix(const Block& x, const engine::Comm& comm) {
  const auto g = gram(x, comm);
  const auto l = static_cast<Eigen::Index>(x.cols());
  return Eigen::Map<const Small>(g.data(), l, l);
}

namespace {

// The right factor W of one orthonormalisation pass (x <- x W): R^-1 from Cholesky of the Gram
// matrix G = R^T R, or, when G is numerically singular, V diag(lambda^-1/2) from its eigenvalues
// with the null directions dropped (columns of zeros).
Small pass_factor(const Small& gm) {
  const auto l = gm.rows();
  Eigen::LLT<Eigen::MatrixXd> llt(gm);
  const Eigen::VectorXd diag = gm.diagonal();
  if (llt.info() == Eigen::Success &&
      llt.matrixL()(l - 1, l - 1) > 1e-7 * std::sqrt(diag.maxCoeff())) {
    const Eigen::MatrixXd r = llt.matrixU();
    return r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(l, l));
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gm);
  const Eigen::VectorXd lambda = eig.eigenvalues();
  const double cut = 1e-12 * std::max(lambda.maxCoeff(), 0.0);
  Small w = Small::Zero(l, l);
  for (Eigen::Index j = 0; j < l; ++j)
    if (lambda(j) > cut && lambda(j) > 0)
      w.col(j) = eig.eigenvectors().col(j) / std::sqrt(lambda(j));
  return w;
}

}  // namespace

void orthonormalize(const engine::DistGraph& g, const engine::Comm& comm, Block& x, int passes) {
  for (int pass = 0; pass < passes; ++pass)
    multiply_small(g, x, pass_factor(gram_matrix(x, comm)), x);
}

std::vector<std::uint64_t> arc_offsets(const engine::DistGraph& g) {
  std::vector<std::uint64_t> off(std::size_t{g.num_owned()} + 1, 0);
  for (LocalVertex v = 0; v < g.num_owned(); ++v)
    off[v + 1] = off[v] + g.out_degree(v) + (g.directed() ? g.in_degree(v) : 0);
  return off;
}

void sparse_product(const engine::DistGraph& g, const engine::Comm& comm,
                    const std::vector<std::uint64_t>& offsets, const std::vector<float>& values,
                    const std::vector<double>& diag, Block& x, Block& out) {
  engine::sync_ghosts(g, comm, x);
  const std::size_t c = x.cols(), row_bytes = c * sizeof(double);
  const std::size_t ahead = std::clamp<std::size_t>(kPrefetchBytes / row_bytes, 2, 64);
  const Adjacency adj = adjacency(g);
  engine::for_each_owned(g, [&](LocalVertex v) {
    double* o = out.row(v).data();
    const double* self = x.row(v).data();
    const double dv = diag.empty() ? 0.0 : diag[v];
    for (std::size_t j = 0; j < c; ++j) o[j] = dv * self[j];
    std::uint64_t k = offsets[v];
    // The neighbours in for_each_neighbor's order, rows prefetched `ahead` arcs early.
    for (int list = 0; list < adj.lists; ++list) {
      const auto nbrs = list == 0 ? g.out_neighbors(v) : g.in_neighbors(v);
      const LocalVertex* const p = nbrs.data();
      for (std::size_t i = 0; i < nbrs.size(); ++i) {
        if (p + i + ahead < adj.end[list]) prefetch_row(x.row(p[i + ahead]).data(), row_bytes);
        axpy(o, x.row(p[i]).data(), double{values[k++]}, c);
      }
    }
  });
}

void axpby(const engine::DistGraph& g, double a, Block& x, double b, const Block& y) {
  engine::for_each_owned(g, [&](LocalVertex v) {
    double* xo = x.row(v).data();
    const double* yo = y.row(v).data();
    const std::size_t c = x.cols();
    std::size_t j = 0;
    for (; j + 2 <= c; j += 2) store2(xo + j, a * load2(xo + j) + b * load2(yo + j));
    for (; j < c; ++j) xo[j] = a * xo[j] + b * yo[j];
  });
}

void normalize_rows(const engine::DistGraph& g, Block& x) {
  engine::for_each_owned(g, [&](LocalVertex v) {
    const auto r = x.row(v);
    double s = 0;
    for (double y : r) s += y * y;
    if (s > 0)
      for (double& y : r) y /= std::sqrt(s);
  });
}

}  // namespace nexus::algo::embedding_detail
