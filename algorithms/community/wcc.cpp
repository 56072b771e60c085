// Weakly connected components: synchronous min-label propagation over the undirected view, then
// numbering by smallest member (community_ids). Labels are global ids, so the result does not
// depend on the partition.
#include "algorithms/community/wcc.hpp"

#include <stdexcept>

#include "algorithms/community/adjacency.hpp"
#include "engine/operators.hpp"

namespace nexus::algo {

namespace community {

using engine::GlobalVertex;
using engine::LocalVertex;

int min_label_propagation(const engine::DistGraph& g, const engine::Comm& comm,
                          const engine::VertexArray<std::int64_t>* group, int max_rounds,
                          engine::VertexArray<GlobalVertex>& label,
                          std::vector<GlobalVertex>* parent, std::vector<std::uint32_t>* depth,
                          bool* converged) {
  label = engine::VertexArray<GlobalVertex>(g);
  for (LocalVertex v = 0; v < g.num_local(); ++v) label[v] = g.to_global(v);
  if (parent) parent->assign(g.num_owned(), kNoParent);
  if (depth) depth->assign(g.num_owned(), 0);
  std::vector<GlobalVertex> next(g.num_owned());
  *converged = false;
  int round = 0;
  while (max_rounds <= 0 || round < max_rounds) {
    ++round;
    const auto changed = engine::reduce_owned(g, comm, engine::Sum{}, [&](LocalVertex v) {
      GlobalVertex best = label[v];
      LocalVertex from = engine::kNoLocalVertex;
      community::for_each_neighbor(g, v, [&](LocalVertex u) {
        if (label[u] < best && (!group || (*group)[u] == (*group)[v])) best = label[u], from = u;
      });
      next[v] = best;
      if (from == engine::kNoLocalVertex) return std::uint64_t{0};
      if (parent) (*parent)[v] = g.to_global(from);
      if (depth) (*depth)[v] = static_cast<std::uint32_t>(round);
      return std::uint64_t{1};
    });
    engine::for_each_owned(g, [&](LocalVertex v) { label[v] = next[v]; });
    engine::sync_ghosts(g, comm, label);
    if (changed == 0) {
      *converged = true;
      break;
    }
  }
  return round;
}

std::uint64_t connected_pieces(const engine::DistGraph& g, const engine::Comm& comm,
                               const engine::VertexArray<std::int64_t>& group) {
  engine::VertexArray<GlobalVertex> label;
  bool converged = false;
  min_label_propagation(g, comm, &group, 0, label, nullptr, nullptr, &converged);
  std::uint64_t roots = 0;  // one per piece: the vertex whose own id is the piece's label
  for (LocalVertex v = 0; v < g.num_owned(); ++v) roots += label[v] == g.to_global(v);
  return comm.sum(roots);
}

}  // namespace community

WccResult wcc(const engine::DistGraph& g, const engine::Comm& comm, const WccParams& p) {
  if (p.max_iterations < 0) throw std::invalid_argument("wcc: max_iterations must be >= 0");
  WccResult r;
  engine::VertexArray<engine::GlobalVertex> label;
  r.iterations = community::min_label_propagation(g, comm, nullptr, p.max_iterations, label,
                                                  &r.parent, &r.depth, &r.converged);
  auto numbered = number_by_smallest_member(g, comm, label.owned(), g.distribution());
  r.component = std::move(numbered.id);
  r.sizes = std::move(numbered.sizes);
  return r;
}

}  // namespace nexus::algo
