// Parameter checks shared by the embeddings and the embedding verifier.
#include "algorithms/embedding/embedding.hpp"

#include <cmath>
#include <stdexcept>

#include "engine/operators.hpp"

namespace nexus::algo {
namespace embedding_detail {

void check_common(const engine::DistGraph& g, const engine::Comm& comm, const std::string& who,
                  int dim, std::span<const std::uint64_t> keys, bool weighted) {
  if (dim < 1 || dim > 65536)
    throw std::invalid_argument(who + ": dim must be in [1, 65536], got " + std::to_string(dim));
  if (!keys.empty() && keys.size() != g.num_owned())
    throw std::invalid_argument(who + ": one key per owned vertex expected, got " +
                                std::to_string(keys.size()));
  if (weighted && !g.weighted())
    throw std::invalid_argument(who + ": weighted requested but the graph has no weights");
  if (weighted) {
    const int bad = engine::reduce_owned(g, comm, engine::Max{}, [&](engine::LocalVertex v) {
      int b = 0;
      for_each_neighbor(g, v, true,
                        [&](engine::LocalVertex, double w) { b |= !(w >= 0 && std::isfinite(w)); });
      return b;
    });
    if (bad) throw std::invalid_argument(who + ": edge weights must be finite and >= 0");
  }
}

}  // namespace embedding_detail

EmbeddingCheck verify_embedding(const engine::DistGraph& g, const engine::Comm& comm,
                                const EmbeddingResult& e, bool weighted) {
  using engine::LocalVertex;
  const bool same_dim = comm.max<std::uint64_t>(e.dim) == comm.min<std::uint64_t>(e.dim);
  const bool shape_ok =
      comm.all(same_dim && e.dim > 0 && e.values.size() == std::size_t{g.num_owned()} * e.dim);
  if (!shape_ok) return {false, "embedding shape is not owned vertices x dim on every rank"};
  // 1: a non-finite value; 2: an isolated vertex with a non-zero row.
  const int bad = engine::reduce_owned(g, comm, engine::Max{}, [&](LocalVertex v) {
    const float* row = e.values.data() + std::size_t{v} * e.dim;
    const bool isolated = embedding_detail::neighborhood_weight(g, v, weighted) == 0.0;
    int b = 0;
    for (std::size_t j = 0; j < e.dim; ++j) {
      if (!std::isfinite(row[j])) b = std::max(b, 1);
      if (isolated && row[j] != 0.0f) b = std::max(b, 2);
    }
    return b;
  });
  if (bad == 1) return {false, "non-finite value in the embedding"};
  if (bad == 2) return {false, "an isolated vertex has a non-zero row"};
  return {true, "ok"};
}

}  // namespace nexus::algo
