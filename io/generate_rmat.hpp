// R-MAT / Graph500 Kronecker generator: 2^scale vertices, edge_factor * 2^scale undirected edges,
// quadrant probabilities a, b, c (d = 1 - a - b - c), vertex ids scrambled by a seeded bijection
// (Graph500's random permutation). Edge i is drawn from a counter-based generator keyed by
// (seed, i), so the graph is the same for any rank count. Self-loops and duplicates are kept, as
// Graph500 specifies. Collective only in that rank r generates edges [m*r/P, m*(r+1)/P).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "engine/comm.hpp"
#include "engine/edge_slab.hpp"

namespace nexus::io {

struct RmatParams {
  int scale = 16;
  int edge_factor = 16;
  std::uint64_t seed = 1;
  double a = 0.57;
  double b = 0.19;
  double c = 0.19;
};

// Validates params (std::invalid_argument naming the bad value: scale in [1, 40], edge_factor >= 1
// with num_edges <= 2^60, a, b, c in (0, 1) with a + b + c < 1) and fills this rank's slab with
// edges [m*r/P, m*(r+1)/P) in global order. No communication: every rank computes its own range.
// Uses TBB inside the rank; the result does not depend on the thread count either.
engine::EdgeSlab generate_rmat(const RmatParams& params, const engine::Comm& comm);

// The generator behind generate_rmat, one edge at a time (local, no communication, thread-safe).
// Quadrant convention as in the Graph500 reference: a = (0,0), b = (0,1), c = (1,0), d = (1,1) for
// (src bit, dst bit), the top recursion level in the highest bit. No per-level noise (the
// reference's default, SPK_NOISE_LEVEL 0). a, b, c are rounded to multiples of 2^-24 so that the
// sampling tables are built in exact integer arithmetic: identical on every machine.
class RmatGenerator {
 public:
  explicit RmatGenerator(const RmatParams& params);  // validates as generate_rmat does

  std::uint64_t num_vertices() const { return num_vertices_; }
  std::uint64_t num_edges() const { return num_edges_; }
  // Edge i in [0, num_edges), vertex ids scrambled: exactly what generate_rmat stores for i.
  std::pair<engine::GlobalVertex, engine::GlobalVertex> edge(std::uint64_t i) const;
  // Edge i before the scramble (the Kronecker cell); for tests and analysis.
  std::pair<engine::GlobalVertex, engine::GlobalVertex> unscrambled_edge(std::uint64_t i) const;
  // The seeded bijection on [0, num_vertices) applied to both endpoints.
  engine::GlobalVertex scramble(engine::GlobalVertex v) const;

  // One alias-table cell over 4^k outcomes of k levels (outcome = src bits | dst bits << k).
  struct Cell {
    std::uint32_t threshold;  // keep the cell's own outcome if the low random bits are below it
    std::uint32_t alias;      // the outcome otherwise
  };

 private:
  int scale_ = 0;
  std::uint64_t num_vertices_ = 0;
  std::uint64_t num_edges_ = 0;
  std::uint64_t key_ = 0;         // hash key derived from the seed
  int num_full_chunks_ = 0;       // chunks of kChunkLevels levels
  int rest_levels_ = 0;           // levels in the last, shorter chunk (0 if none)
  int words_per_edge_ = 0;        // 64-bit hash words per edge (two chunks per word)
  std::vector<Cell> full_table_;  // 4^kChunkLevels cells
  std::vector<Cell> rest_table_;  // 4^rest_levels_ cells
  std::uint64_t scramble_xor_[4] = {};
  std::uint64_t scramble_mul_[4] = {};
};

// Edge i of the graph for params: convenience for a few edges (builds the tables on every call;
// use RmatGenerator in loops).
std::pair<engine::GlobalVertex, engine::GlobalVertex> rmat_edge(const RmatParams& params,
                                                                std::uint64_t i);

}  // namespace nexus::io
