// Aggregation: communities become the vertices of a coarse graph that stays distributed. The
// coarse ids follow community ids (a prefix sum over the owners of the community table); each
// vertex contributes (coarse u, coarse v, w) once per coarse neighbour (internal arcs as
// half-weight self-loops), the owner of the coarse source sums them in sorted order, each sum is
// mirrored to the owner of the other end, and the owners' complete rows become the
// coarse DistGraph (partition::dist_graph_from_rows) over a uniform distribution.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <algorithm>
#include <utility>

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

// Sums runs of equal (a, b) in arcs sorted by (a, b, w) (so sums do not depend on the partition).
std::vector<CoarseArc> sum_runs(const std::vector<CoarseArc>& arcs) {
  std::vector<CoarseArc> out;
  for (std::size_t i = 0; i < arcs.size();) {
    double sum = 0;
    std::size_t j = i;
    for (; j < arcs.size() && arcs[j].a == arcs[i].a && arcs[j].b == arcs[i].b; ++j)
      sum += arcs[j].w;
    out.push_back({arcs[i].a, arcs[i].b, sum});
    i = j;
  }
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
  const GlobalVertex first = dist.begin(comm.rank());
  const std::uint64_t count = dist.count(comm.rank());
  auto got =
      engine::exchange_by_owner(comm, arcs, [&](const CoarseArc& a) { return dist.owner(a.a); });
  arcs = {};
  sort_by_source(got, first, count);
  // The coarse edges a <= b, summed at the owner of a; each also becomes the arc b -> a at the
  // owner of b (the same sum: the coarse graph is exactly symmetric).
  const std::vector<CoarseArc> upper = sum_runs(got);
  got = {};
  std::vector<CoarseArc> mirror;
  for (const CoarseArc& x : upper)
    if (x.a != x.b) mirror.push_back({x.b, x.a, x.w});
  auto lower =
      engine::exchange_by_owner(comm, mirror, [&](const CoarseArc& a) { return dist.owner(a.a); });
  mirror = {};
  sort_by_source(lower, first, count);
  // Row of coarse vertex a: its neighbours below a (from the mirror), then a and above.
  std::vector<engine::EdgeIndex> offsets(count + 1, 0);
  for (const CoarseArc& x : lower) ++offsets[x.a - first + 1];
  for (const CoarseArc& x : upper) ++offsets[x.a - first + 1];
  for (std::uint64_t i = 0; i < count; ++i) offsets[i + 1] += offsets[i];
  std::vector<GlobalVertex> neighbors(offsets.back());
  std::vector<float> weights(offsets.back());
  std::vector<engine::EdgeIndex> fill(offsets.begin(), offsets.end() - 1);
  for (const std::vector<CoarseArc>* part : {&std::as_const(lower), &upper})
    for (const CoarseArc& x : *part) {
      const engine::EdgeIndex at = fill[x.a - first]++;
      neighbors[at] = x.b;
      weights[at] = static_cast<float>(x.w);
    }
  const std::uint64_t num_edges = comm.sum<std::uint64_t>(upper.size());
  CoarseLevel out;
  out.coarse_of.assign(coarse.owned().begin(), coarse.owned().end());
  out.graph = std::make_unique<engine::DistGraph>(partition::dist_graph_from_rows(
      std::move(offsets), std::move(neighbors), std::move(weights), num_edges, dist, comm));
  return out;
}

}  // namespace nexus::algo::community
