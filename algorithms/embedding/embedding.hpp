// Shared vocabulary of the node embeddings (FastRP, spectral): the result type, the per-vertex
// random numbers keyed by (seed, original id), the undirected neighbourhood used by both, and the
// verifier (shape, finite values, zero rows exactly for isolated vertices).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"

namespace nexus::algo {

struct EmbeddingResult {
  std::vector<float> values;  // owned rows x dim, row-major, in local (= global-id) order
  std::size_t dim = 0;
};

namespace embedding_detail {

// splitmix64 finaliser: a bijective 64-bit mix.
inline std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A uniform double in [0, 1) determined by (seed, vertex key, component): the same on every rank.
inline double uniform01(std::uint64_t seed, std::uint64_t key, std::uint64_t component) {
  const std::uint64_t h = mix64(mix64(mix64(seed) ^ key) ^ component);
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// The key of each owned vertex: keys[v] when given (original ids), else the global id.
inline std::uint64_t vertex_key(const engine::DistGraph& g, std::span<const std::uint64_t> keys,
                                engine::LocalVertex v) {
  return keys.empty() ? g.to_global(v) : keys[v];
}

// Calls f(u, w) for every neighbour u of the owned vertex v, in a partition-independent order:
// the symmetric CSR for undirected graphs; out-arcs then in-arcs for directed ones (A + A^T).
// w is the edge weight when `weighted`, else 1.
template <class F>
void for_each_neighbor(const engine::DistGraph& g, engine::LocalVertex v, bool weighted, F&& f) {
  auto visit = [&](std::span<const engine::LocalVertex> nbrs, std::span<const float> ws) {
    for (std::size_t k = 0; k < nbrs.size(); ++k) f(nbrs[k], weighted ? double{ws[k]} : 1.0);
  };
  visit(g.out_neighbors(v), weighted ? g.out_weights(v) : std::span<const float>{});
  if (g.directed()) visit(g.in_neighbors(v), weighted ? g.in_weights(v) : std::span<const float>{});
}

// Sum of the weights of v's neighbourhood (its degree when unweighted).
inline double neighborhood_weight(const engine::DistGraph& g, engine::LocalVertex v,
                                  bool weighted) {
  double d = 0.0;
  for_each_neighbor(g, v, weighted, [&](engine::LocalVertex, double w) { d += w; });
  return d;
}

// How far ahead (in bytes of neighbour rows: 8 float rows of dim 128, 32 sign rows or 4 double
// rows) the rows of the coming neighbours are prefetched: enough reads in flight to hide the
// latency of the random row reads (the rows do not fit in cache), few enough not to evict them
// before use. Measured on R-MAT 20 (FastRP): 2048, 4096 and 8192 bytes are within noise.
constexpr std::size_t kPrefetchBytes = 4096;

template <class T>
inline void prefetch_row(const T* row, std::size_t bytes) {
  const char* p = reinterpret_cast<const char*>(row);
  for (std::size_t b = 0; b < bytes; b += 64) __builtin_prefetch(p + b);
}

// The neighbour lists of the owned vertices, one CSR (undirected) or two (directed: out then in).
struct Adjacency {
  const engine::LocalVertex* end[2] = {nullptr, nullptr};  // one past each CSR's last target
  int lists = 1;
};

inline Adjacency adjacency(const engine::DistGraph& g) {
  Adjacency a;
  a.lists = g.directed() ? 2 : 1;
  if (g.num_owned() == 0) return a;
  const engine::LocalVertex last = g.num_owned() - 1;
  const auto out = g.out_neighbors(last);
  a.end[0] = out.data() + out.size();
  if (g.directed()) {
    const auto in = g.in_neighbors(last);
    a.end[1] = in.data() + in.size();
  }
  return a;
}

// Throws std::invalid_argument (prefixed by `who`) for a bad dimension, key span or weights.
void check_common(const engine::DistGraph& g, const engine::Comm& comm, const std::string& who,
                  int dim, std::span<const std::uint64_t> keys, bool weighted);

}  // namespace embedding_detail

struct EmbeddingCheck {
  bool ok = false;
  std::string message;
};

// Collective verifier: dim columns and one row per owned vertex, every value finite, rows of
// isolated vertices (no neighbour, or neighbourhood weight 0) exactly zero.
EmbeddingCheck verify_embedding(const engine::DistGraph& g, const engine::Comm& comm,
                                const EmbeddingResult& e, bool weighted = false);

}  // namespace nexus::algo
