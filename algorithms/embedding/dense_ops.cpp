// Dense-block operations of the spectral embedding (see dense_ops.hpp). Every per-row loop runs
// in a fixed order over columns and neighbours, so a row's bits do not depend on the partition.
#include "algorithms/embedding/dense_ops.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "algorithms/embedding/embedding.hpp"
#include "algorithms/embedding/reproducible_sum.hpp"
#include "algorithms/embedding/wide.hpp"
#include "engine/operators.hpp"

namespace nexus::algo::embedding_detail {

using engine::LocalVertex;

namespace {

using wide::axpy;
using wide::convert;

// Rows taken together by multiply_small: each row of the small matrix is read once per group.
constexpr std::size_t kRowGroup = 8;

// Rows [begin, end) of out = x m; o and in hold kRowGroup rows of c and l doubles.
NEXUS_WIDE_KERNEL void multiply_rows(const Block& x, const Small& m,
                                     const std::vector<std::size_t>& start, LocalVertex begin,
                                     LocalVertex end, double* in, double* o, Block& out) {
  const std::size_t l = x.cols(), c = out.cols();
  for (LocalVertex v = begin; v < end; v += kRowGroup) {
    const std::size_t n = std::min<std::size_t>(kRowGroup, end - v);
    for (std::size_t k = 0; k < n; ++k) convert(in + k * l, x.row(v + k).data(), l);
    std::fill_n(o, n * c, 0.0);
    for (std::size_t a = 0; a < l; ++a)
      for (std::size_t k = 0; k < n; ++k)
        axpy(o + k * c + start[a], m.data() + a * c + start[a], in[k * l + a], c - start[a]);
    for (std::size_t k = 0; k < n; ++k) convert(out.row(v + k).data(), o + k * c, c);
  }
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
  // Rows go kRowGroup at a time, so that a row of m, read once from memory, serves every row of
  // the group from L1 (m itself is l x c doubles, often beyond L2); each row's sums are the same
  // as alone. out may be x: a group is read before it is written.
  tbb::parallel_for(tbb::blocked_range<LocalVertex>(0, g.num_owned(), engine::kVertexGrain),
                    [&](const tbb::blocked_range<LocalVertex>& r) {
                      thread_local std::vector<double> in, o;
                      in.resize(kRowGroup * l);
                      o.resize(kRowGroup * c);
                      multiply_rows(x, m, start, r.begin(), r.end(), in.data(), o.data(), out);
                    });
}

void get_columns(const engine::DistGraph& g, const Block& x, std::size_t first, Block& out) {
  engine::for_each_owned(g, [&](LocalVertex v) {
    const float* in = x.row(v).data() + first;
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

namespace {

// Rows [begin, end) of the sparse product (see sparse_product); o holds one row of doubles.
NEXUS_WIDE_KERNEL void product_rows(const engine::DistGraph& g, const Adjacency& adj,
                                    const std::vector<std::uint64_t>& offsets,
                                    const std::vector<float>& values,
                                    const std::vector<double>& diag, const Block& x,
                                    LocalVertex begin, LocalVertex end, double* o, Block& out) {
  const std::size_t c = x.cols(), row_bytes = c * sizeof(float);
  const std::size_t ahead = std::clamp<std::size_t>(kPrefetchBytes / row_bytes, 2, 64);
  for (LocalVertex v = begin; v < end; ++v) {
    const double dv = diag.empty() ? 0.0 : diag[v];
    convert(o, x.row(v).data(), c);
    for (std::size_t j = 0; j < c; ++j) o[j] *= dv;
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
    convert(out.row(v).data(), o, c);
  }
}

}  // namespace

void sparse_product(const engine::DistGraph& g, const engine::Comm& comm,
                    const std::vector<std::uint64_t>& offsets, const std::vector<float>& values,
                    const std::vector<double>& diag, Block& x, Block& out) {
  engine::sync_ghosts(g, comm, x);
  const Adjacency adj = adjacency(g);
  tbb::parallel_for(tbb::blocked_range<LocalVertex>(0, g.num_owned(), engine::kVertexGrain),
                    [&](const tbb::blocked_range<LocalVertex>& r) {
                      thread_local std::vector<double> row;  // out_v, summed in double
                      row.resize(x.cols());
                      product_rows(g, adj, offsets, values, diag, x, r.begin(), r.end(), row.data(),
                                   out);
                    });
}

void axpby(const engine::DistGraph& g, double a, Block& x, double b, const Block& y) {
  engine::for_each_owned(g, [&](LocalVertex v) {
    float* xo = x.row(v).data();
    const float* yo = y.row(v).data();
    for (std::size_t j = 0; j < x.cols(); ++j)
      xo[j] = static_cast<float>(a * static_cast<double>(xo[j]) + b * static_cast<double>(yo[j]));
  });
}

void normalize_rows(const engine::DistGraph& g, Block& x) {
  engine::for_each_owned(g, [&](LocalVertex v) {
    const auto r = x.row(v);
    double s = 0;
    for (const float y : r) s += static_cast<double>(y) * y;
    if (s > 0)
      for (float& y : r) y = static_cast<float>(y / std::sqrt(s));
  });
}

}  // namespace nexus::algo::embedding_detail
