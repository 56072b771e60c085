// Aggregation: communities become the vertices of a coarse graph that stays distributed. The
// coarse ids follow community ids (a prefix sum over the owners of the community table); each
// vertex contributes (coarse u, coarse v, w) once per coarse neighbour (internal arcs as
// half-weight self-loops), the owner of the coarse source sums them in sorted order and
// partition::build_dist_graph builds the coarse DistGraph over a uniform distribution.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <algorithm>

#include "algorithms/community/adjacency.hpp"
#include "algorithms/community/community_weights.hpp"
#include "algorithms/community/local_moving.hpp"
#include "engine/exchange.hpp"
#include "engine/operators.hpp"
#include "partition/build_dist_graph.hpp"

namespace nexus::algo::community {
namespace {

using engine::GlobalVertex;
using engine::LocalVertex;

struct CoarseArc {
  GlobalVertex a, b;
  double w;
  bool operator<(const CoarseArc& o) const {
    return a != o.a ? a < o.a : b != o.b ? b < o.b : w < o.w;
  }
};

// Sorts arcs into (a, b, w) order: a counting sort by the owned source a, then each source's few
// arcs by (b, w).
void sort_by_source(std::vector<CoarseArc>& arcs, GlobalVertex first, std::uint64_t count) {
  std::vector<std::size_t> start(count + 1, 0);
  for (const CoarseArc& x : arcs) ++start[x.a - first + 1];
  for (std::uint64_t i = 0; i < count; ++i) start[i + 1] += start[i];
  std::vector<CoarseArc> sorted(arcs.size());
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (const CoarseArc& x : arcs) sorted[next[x.a - first]++] = x;
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, count, 256),
                    [&](const tbb::blocked_range<std::uint64_t>& r) {
                      for (std::uint64_t i = r.begin(); i != r.end(); ++i)
                        std::sort(sorted.begin() + start[i], sorted.begin() + start[i + 1]);
                    });
  arcs = std::move(sorted);
}

// Coarse id of the community of every local vertex (owned and ghosts); sets `k`.
engine::VertexArray<GlobalVertex> coarse_ids(const CommunityState& s, std::uint64_t& k) {
  const engine::DistGraph& g = s.graph();
  const engine::Comm& comm = s.comm();
  std::vector<GlobalVertex> number(g.num_owned(), 0);
  std::uint64_t used = 0;
  for (LocalVertex c = 0; c < g.num_owned(); ++c)
    if (s.owned_entry(g.to_global(c)).size > 0) number[c] = used++;
  const auto first = comm.exclusive_prefix_sum(used);
  k = comm.sum(used);
  std::vector<GlobalVertex> keys(g.num_owned());
  for (LocalVertex v = 0; v < g.num_owned(); ++v) keys[v] = s.community(v);
  const auto& dist = g.distribution();
  const auto ids = engine::query_by_owner<GlobalVertex>(
      comm, keys, [&](GlobalVertex c) { return dist.owner(c); },
      [&](GlobalVertex c) { return first + number[c - g.first_owned()]; });
  engine::VertexArray<GlobalVertex> out(g);
  for (LocalVertex v = 0; v < g.num_owned(); ++v) out[v] = ids[v];
  engine::sync_ghosts(g, comm, out);
  return out;
}

}  // namespace

CoarseLevel aggregate(const CommunityState& s) {
  const engine::DistGraph& g = s.graph();
  const engine::Comm& comm = s.comm();
  std::uint64_t k = 0;
  const auto coarse = coarse_ids(s, k);
  // Each vertex first sums its own arcs per coarse neighbour (in its arc order, so the partial
  // sums do not depend on the partition); the owners then sum the partials in sorted order.
  struct Local {
    CommunityWeights w;
    std::vector<CoarseArc> arcs;
  };
  tbb::enumerable_thread_specific<Local> locals;
  tbb::parallel_for(tbb::blocked_range<LocalVertex>(0, g.num_owned(), 1024),
                    [&](const tbb::blocked_range<LocalVertex>& r) {
                      Local& l = locals.local();
                      for (LocalVertex v = r.begin(); v != r.end(); ++v) {
                        l.w.clear();
                        for_each_arc(g, s.weighted(), v,
                                     [&](LocalVertex u, double w) { l.w.add(coarse[u], w); });
                        const GlobalVertex a = coarse[v];
                        for (const auto& [b, w] : l.w.entries()) {
                          if (a < b) l.arcs.push_back({a, b, w});
                          if (a == b) l.arcs.push_back({a, a, w / 2});
                        }
                      }
                    });
  std::vector<CoarseArc> arcs;
  for (Local& l : locals) arcs.insert(arcs.end(), l.arcs.begin(), l.arcs.end());
  locals.clear();
  const auto dist = engine::VertexDistribution::uniform(k, comm.size());
  auto got =
      engine::exchange_by_owner(comm, arcs, [&](const CoarseArc& a) { return dist.owner(a.a); });
  arcs = {};
  sort_by_source(got, dist.begin(comm.rank()), dist.count(comm.rank()));
  engine::EdgeSlab slab;
  slab.num_vertices = k;
  slab.directed = false;
  slab.weighted = true;
  for (std::size_t i = 0; i < got.size();) {
    double sum = 0;
    std::size_t j = i;
    for (; j < got.size() && got[j].a == got[i].a && got[j].b == got[i].b; ++j) sum += got[j].w;
    slab.src.push_back(got[i].a);
    slab.dst.push_back(got[i].b);
    slab.weight.push_back(static_cast<float>(sum));
    i = j;
  }
  slab.num_edges = comm.sum<std::uint64_t>(slab.size());
  CoarseLevel out;
  out.coarse_of.assign(coarse.owned().begin(), coarse.owned().end());
  out.graph =
      std::make_unique<engine::DistGraph>(partition::build_dist_graph(std::move(slab), dist, comm));
  return out;
}

}  // namespace nexus::algo::community
