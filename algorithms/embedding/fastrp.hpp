// FastRP node embeddings (Chen et al., "Fast and Accurate Network Embeddings via Very Sparse
// Random Projection", CIKM 2019): very sparse random vectors (Achlioptas; Li et al.) scaled by
// degree^normalization_strength, propagated with the transition matrix D^-1 A, and a weighted
// sum of the iterates, standardised per column (as the authors' code does with sklearn's scale).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "algorithms/embedding/embedding.hpp"
#include "engine/checkpoint.hpp"
#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"

namespace nexus::algo {

// Directed graphs are embedded as undirected (A + A^T: out- and in-neighbours; a reciprocal pair
// counts twice). Isolated vertices (no neighbour) get an all-zero row. Defaults were tuned on
// BlogCatalog; PPI and Wikipedia-POS score better with normalization_strength 0 to 0.5 and a fifth
// weight (docs/benchmarks.md, Embeddings / Quality).
struct FastRPParams {
  int dim = 128;
  // Weight of (D^-1 A)^i R for i = 1, 2, ... (the number of entries is the number of iterations).
  std::vector<double> iteration_weights = {0.0, 0.0, 1.0, 6.67};
  // beta: vertex v's random vector is scaled by degree(v)^beta; negative values damp hubs.
  double normalization_strength = -0.6;
  double self_influence = 0.0;  // weight of R itself (the iteration-0 term)
  double sparsity = 3.0;        // s >= 1: a component is non-zero with probability 1/s
  std::uint64_t seed = 42;
  bool weighted = false;    // use edge weights (the graph must be weighted; weights >= 0)
  bool standardize = true;  // final columns scaled to mean 0, variance 1 (over non-isolated rows)
  // Each iterate's rows L2-normalised before the weighted sum (the authors' normalization=True,
  // with which their published BlogCatalog figures were obtained).
  bool normalize_iterations = true;
  // Columns computed together (0: all). The iterates then take block_columns instead of dim columns
  // per vertex; with normalised iterates, k blocks cost 2k - 1 block propagations (a first sweep
  // measures the row norms, a second adds all blocks but the last); the same bits either way.
  int block_columns = 0;
  // Optional: saves (current iterate, weighted sum) after propagation steps and resumes from it.
  engine::Checkpointer* checkpointer = nullptr;
};

// Collective. `keys` gives, for every owned vertex, the key its random vector derives from
// (pass the original ids so that the embedding does not depend on the numbering); empty uses
// global ids. Communicates one ghost exchange of dim floats per ghost per iteration plus 2 * dim
// integer sums. Throws std::invalid_argument for invalid parameters.
EmbeddingResult fastrp(const engine::DistGraph& g, const engine::Comm& comm, const FastRPParams& p,
                       std::span<const std::uint64_t> keys = {});

}  // namespace nexus::algo
