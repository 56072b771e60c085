// Spectral node embeddings in the style of ProNE (Zhang et al., "ProNE: Fast and Scalable Network
// Representation Learning", IJCAI 2019): a sparse randomized truncated SVD (Halko et al. 2011) of
// the proximity matrix F_vu = log(w_vu / d_v) - log(p_u), p ~ (column sums of D^-1 A)^0.75, then
// spectral propagation by a Chebyshev expansion of a Gaussian band-pass filter on the normalised
// Laplacian of I + A, and a final dense SVD; rows L2-normalised.
#pragma once

#include <cstdint>
#include <span>

#include "algorithms/embedding/embedding.hpp"
#include "engine/checkpoint.hpp"
#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"

namespace nexus::algo {

// Directed graphs are embedded as undirected (A + A^T). Isolated vertices get an all-zero row.
// Defaults are ProNE's.
struct SpectralParams {
  int dim = 128;
  int steps = 10;      // order of the Chebyshev expansion (1: no spectral propagation)
  double theta = 0.5;  // bandwidth of the Gaussian filter (the Bessel functions' argument)
  double mu = 0.2;     // centre shift of the filter on the Laplacian spectrum
  std::uint64_t seed = 42;
  int oversampling = 10;     // extra columns of the randomized SVD
  int power_iterations = 5;  // subspace iterations of the randomized SVD
  bool weighted = false;     // use edge weights (weights >= 0)
  // Optional: saves the factorised block before the spectral propagation and resumes from it.
  engine::Checkpointer* checkpointer = nullptr;
};

// Collective. `keys` as for fastrp (the Gaussian test matrix of the randomized SVD derives from
// (seed, key)). Communicates one ghost exchange of a (dim + oversampling)-column block per
// sparse product and one reproducible Gram matrix per orthonormalisation pass. Throws
// std::invalid_argument for invalid parameters.
EmbeddingResult spectral(const engine::DistGraph& g, const engine::Comm& comm,
                         const SpectralParams& p, std::span<const std::uint64_t> keys = {});

}  // namespace nexus::algo
