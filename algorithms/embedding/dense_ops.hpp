// Distributed dense blocks for the spectral embedding: tall matrices with one row per vertex
// (VertexMatrix<float>; owned rows are the block, ghost rows are halo copies), multiplied by
// small replicated matrices, orthonormalised across ranks (CholeskyQR2 on the reproducible Gram
// matrix, Fukaya et al. 2014; an eigenvalue-based pass where Cholesky breaks down), and sparse
// products with per-arc values in the neighbour order of for_each_neighbor.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"
#include "engine/vertex_array.hpp"

namespace nexus::algo::embedding_detail {

// Blocks are stored as float32 (half the memory and the memory traffic of double); every row
// operation below computes in double and rounds once, when it stores a row.
using Block = engine::VertexMatrix<float>;
using Small = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Local: out_v = x_v * m for every owned row (m has x.cols() rows). Fixed summation order. out
// may be x itself when m is square (each row is read into a per-thread buffer first).
void multiply_small(const engine::DistGraph& g, const Block& x, const Small& m, Block& out);

// Local: columns [first, first + out.cols()) of x's owned rows copied into out, and back.
void get_columns(const engine::DistGraph& g, const Block& x, std::size_t first, Block& out);
void set_columns(const engine::DistGraph& g, const Block& in, std::size_t first, Block& x);

// Collective: X^T X (see reproducible_sum.hpp), as a small matrix.
Small gram_matrix(const Block& x, const engine::Comm& comm);

// Collective: makes the owned rows of x orthonormal across all ranks, in place. Two CholeskyQR
// passes give orthonormality to rounding; one pass suffices between power iterations (only a
// well-conditioned basis is needed there, as sklearn's randomized_svd normalises by LU between
// them).
void orthonormalize(const engine::DistGraph& g, const engine::Comm& comm, Block& x, int passes = 2);

// First arc index of each owned vertex in for_each_neighbor order (num_owned + 1 entries).
std::vector<std::uint64_t> arc_offsets(const engine::DistGraph& g);

// Collective: out_v = diag_v * x_v + sum over arcs k of v of values[k] * x_{u_k}; x's ghost rows
// are synchronised first (one halo exchange).
void sparse_product(const engine::DistGraph& g, const engine::Comm& comm,
                    const std::vector<std::uint64_t>& offsets, const std::vector<float>& values,
                    const std::vector<double>& diag, Block& x, Block& out);

// Local: x = a * x + b * y over the owned rows.
void axpby(const engine::DistGraph& g, double a, Block& x, double b, const Block& y);

// Local: every owned row scaled to unit L2 norm (zero rows stay zero).
void normalize_rows(const engine::DistGraph& g, Block& x);

}  // namespace nexus::algo::embedding_detail
