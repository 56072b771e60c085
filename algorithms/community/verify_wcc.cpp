// WCC verifier: checks the spanning-forest certificate and the numbering rule, by local tests on
// every arc and one prefix count of roots; it never reruns the propagation.
#include <algorithm>

#include "algorithms/community/adjacency.hpp"
#include "algorithms/community/wcc.hpp"
#include "engine/operators.hpp"

namespace nexus::algo {

using engine::LocalVertex;

WccCheck verify_wcc(const engine::DistGraph& g, const engine::Comm& comm, const WccResult& r) {
  WccCheck c;
  const LocalVertex n = g.num_owned();
  if (comm.any(r.component.size() != n || r.parent.size() != n || r.depth.size() != n)) {
    c.message = "result arrays do not match the owned vertex count";
    return c;
  }
  engine::VertexArray<std::int64_t> id(g, -1);
  engine::VertexArray<std::uint32_t> depth(g, 0);
  for (LocalVertex v = 0; v < n; ++v) id[v] = r.component[v], depth[v] = r.depth[v];
  engine::sync_ghosts(g, comm, id);
  engine::sync_ghosts(g, comm, depth);
  // Roots in global-id order must carry ids first, first + 1, ...
  std::int64_t local_roots = 0;
  for (LocalVertex v = 0; v < n; ++v) local_roots += r.parent[v] == kNoParent;
  std::int64_t roots_seen = comm.exclusive_prefix_sum(local_roots);
  int bad_arc = 0, bad_tree = 0, bad_order = 0;
  for (LocalVertex v = 0; v < n; ++v) {
    community::for_each_neighbor(g, v, [&](LocalVertex u) { bad_arc |= id[u] != id[v]; });
    if (r.parent[v] == kNoParent) {
      bad_order |= id[v] != roots_seen++;
      continue;
    }
    bad_order |= id[v] >= roots_seen;  // its root (smallest member) precedes it
    const LocalVertex p = g.to_local(r.parent[v]);
    bool is_neighbor = false;
    if (p != engine::kNoLocalVertex)
      community::for_each_neighbor(g, v, [&](LocalVertex u) { is_neighbor |= u == p; });
    bad_tree |= !is_neighbor || id[p] != id[v] || depth[p] >= depth[v];
  }
  const auto total_roots = comm.sum(local_roots);
  bad_arc = comm.any(bad_arc), bad_tree = comm.any(bad_tree), bad_order = comm.any(bad_order);
  c.ok = !bad_arc && !bad_tree && !bad_order &&
         total_roots == static_cast<std::int64_t>(r.sizes.count);
  c.message = bad_arc     ? "an arc joins two components"
              : bad_tree  ? "the parent certificate is not a spanning forest"
              : bad_order ? "component ids do not follow the smallest-member order"
              : c.ok      ? "ok"
                          : "component count differs from the number of roots";
  return c;
}

}  // namespace nexus::algo
