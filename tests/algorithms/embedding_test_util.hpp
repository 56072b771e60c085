// Helpers for the embedding tests: whole embeddings gathered in global-id order, cosine
// similarity, the two-cliques graph and a check that its cliques separate.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "algorithms/embedding/embedding.hpp"
#include "tests/graph_fixtures.hpp"

namespace nexus::test {

// Every rank gets all rows (ranks own consecutive ranges in rank order).
inline std::vector<float> gather_rows(const engine::Comm& comm, const algo::EmbeddingResult& e) {
  return comm.allgatherv(e.values);
}

inline double cosine(const float* a, const float* b, std::size_t d) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t j = 0; j < d; ++j) ab += a[j] * b[j], aa += a[j] * a[j], bb += b[j] * b[j];
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

// Two cliques of k vertices, {0..k-1} and {k..2k-1}, joined by the single edge (k-1, k):
//   K_k --- K_k
inline EdgeList two_cliques(std::uint64_t k) {
  EdgeList e{2 * k, false, {}, {}};
  for (std::uint64_t base : {std::uint64_t{0}, k})
    for (std::uint64_t a = 0; a < k; ++a)
      for (std::uint64_t b = a + 1; b < k; ++b) e.edges.emplace_back(base + a, base + b);
  e.edges.emplace_back(k - 1, k);
  return e;
}

// Every vertex is more similar (cosine) to every vertex of its own clique than to any vertex of
// the other clique.
inline void expect_cliques_separate(const std::vector<float>& x, std::size_t d, std::uint64_t k) {
  for (std::uint64_t v = 0; v < 2 * k; ++v) {
    double worst_same = 2, best_other = -2;
    for (std::uint64_t u = 0; u < 2 * k; ++u) {
      if (u == v) continue;
      const double c = cosine(&x[v * d], &x[u * d], d);
      if ((u < k) == (v < k))
        worst_same = std::min(worst_same, c);
      else
        best_other = std::max(best_other, c);
    }
    EXPECT_GT(worst_same, best_other) << "vertex " << v;
  }
}

}  // namespace nexus::test
