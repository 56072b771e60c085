// Reproducible reductions over the owned rows of distributed dense blocks (embedding matrices):
// every term is rounded to a fixed-point grid chosen from global bounds, so partial sums are
// integers and their total is the same bits whatever the rank and thread counts. Cheaper than
// ExactSum (one multiply, one conversion and one integer add per term) and accurate to about
// 2^-40 of the largest term per entry, which is all Gram matrices and column moments need.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/comm.hpp"
#include "engine/vertex_array.hpp"

namespace nexus::algo::embedding_detail {

// Collective: X^T X over the owned rows of X on every rank (cols x cols, row-major, symmetric).
std::vector<double> gram(const engine::VertexMatrix<float>& x, const engine::Comm& comm);

// Collective: per column, the sum and the sum of squares over the owned rows v with
// include[v] != 0 (2 * cols values: the sums, then the sums of squares).
std::vector<double> column_moments(const std::vector<float>& x, std::size_t cols,
                                   const std::vector<char>& include, const engine::Comm& comm);

}  // namespace nexus::algo::embedding_detail
