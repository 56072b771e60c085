// Aggregation: communities become the vertices of a coarse graph that stays distributed. The
// coarse ids follow community ids (a prefix sum over the owners of the community table). Each
// vertex sums its arcs per coarse neighbour; the partial for the coarse pair {a, b} goes to the
// owner of its keeper (one of a and b, chosen by the parity of a ^ b, so that the pairs spread
// over the ranks like the arcs do; "the smaller end" would send three quarters of them to rank 0
// at two ranks), internal arcs as half-weight self-loops. The keeper's owner adds the partials
// up in fine-vertex order (the order in which they arrive: ranks own contiguous vertex ranges and
// exchanges keep the order), so every sum is the same on any partition without sorting the
// partials. Each sum is mirrored to the owner of the other end, and the owners' complete, sorted
// rows become the coarse DistGraph (partition::dist_graph_from_rows). The coarse vertices are
// cut into contiguous ranges of about equal work (partition::balanced over the partials' ends,
// which estimate the coarse rows): low community ids are often the heavy ones (they follow the
// smallest member, and inputs tend to number hubs first), so equal vertex counts would leave one
// rank with most of the next level's arcs. On one rank nothing is exchanged or regrouped: each
// coarse row adds up its members' partials directly (rows_on_one_rank), in the same order.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <string>
#include <utility>

#include "algorithms/community/adjacency.hpp"
#include "algorithms/community/community_weights.hpp"
#include "algorithms/community/local_moving.hpp"
#include "engine/exchange.hpp"
#include "engine/log.hpp"
#include "engine/operators.hpp"
#include "partition/build_dist_graph.hpp"
#include "partition/policies.hpp"

namespace nexus::algo::community {
namespace {

using engine::GlobalVertex;
using engine::LocalVertex;

struct CoarseArc {
  GlobalVertex a, b;
  double w;
};

// Work is cut into fixed blocks whose results are concatenated in block order, so the output
// order does not depend on the thread count.
template <class Arc = CoarseArc, class Make>
std::vector<Arc> in_blocks(LocalVertex n, Make&& make, std::size_t block = 1024) {
  std::vector<std::vector<Arc>> parts((std::size_t{n} + block - 1) / block);
  tbb::enumerable_thread_specific<CommunityWeights> weights;
  tbb::parallel_for(std::size_t{0}, parts.size(), [&](std::size_t k) {
    const std::size_t e = std::min<std::size_t>(n, (k + 1) * block);
    for (std::size_t v = k * block; v < e; ++v)
      make(static_cast<LocalVertex>(v), weights.local(), parts[k]);
  });
  std::size_t total = 0;
  for (const auto& x : parts) total += x.size();
  std::vector<Arc> out;
  out.reserve(total);
  for (const auto& x : parts) out.insert(out.end(), x.begin(), x.end());
  return out;
}

// Arcs grouped by their owned source: row i (source first + i) is arcs[begin[i], end[i]).
struct Rows {
  std::vector<CoarseArc> arcs;
  std::vector<std::size_t> begin, end;
  std::size_t size(std::size_t i) const { return end[i] - begin[i]; }
};

// Stable counting sort of arcs by their owned source a. The arcs are counted and placed in
// contiguous blocks in parallel (one per thread, fewer when there are under two arcs per source
// per block, as each block keeps a count per source); a stable order is unique, so the result does
// not depend on the number of blocks.
Rows group_by_source(const std::vector<CoarseArc>& arcs, GlobalVertex first, std::uint64_t count) {
  const std::size_t n = arcs.size();
  const std::size_t blocks =
      std::clamp<std::size_t>(n / std::max<std::uint64_t>(2 * count, 1), 1,
                              static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()));
  const std::size_t per = (n + blocks - 1) / blocks;
  auto each_block = [&](auto&& f) {
    tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
      for (std::size_t i = b * per, e = std::min(n, (b + 1) * per); i < e; ++i) f(b, arcs[i]);
    });
  };
  // Per block, the arcs of each source; then, in place, where the block's first one goes.
  std::vector<std::vector<std::size_t>> at(blocks, std::vector<std::size_t>(count, 0));
  each_block([&](std::size_t b, const CoarseArc& x) { ++at[b][x.a - first]; });
  Rows rows{std::vector<CoarseArc>(n), std::vector<std::size_t>(count),
            std::vector<std::size_t>(count)};
  std::size_t next = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    rows.begin[i] = next;
    for (auto& c : at) next += std::exchange(c[i], next);
    rows.end[i] = next;
  }
  each_block([&](std::size_t b, const CoarseArc& x) { rows.arcs[at[b][x.a - first]++] = x; });
  return rows;
}

// Per owned source, the sum of its arcs per target, sorted by target; arcs to one target are
// added in the order they come. Consumes `arcs`; each row's sums are written over its first arcs
// (so at most two lists of the input's size are alive, while grouping).
Rows sum_by_target(std::vector<CoarseArc>&& arcs, GlobalVertex first, std::uint64_t count) {
  Rows rows = group_by_source(arcs, first, count);
  std::vector<CoarseArc>().swap(arcs);
  tbb::enumerable_thread_specific<CommunityWeights> weights;
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, count, 256),
                    [&](const tbb::blocked_range<std::uint64_t>& r) {
                      CommunityWeights& w = weights.local();
                      for (std::uint64_t i = r.begin(); i != r.end(); ++i) {
                        w.clear();
                        for (std::size_t k = rows.begin[i]; k < rows.end[i]; ++k)
                          w.add(rows.arcs[k].b, rows.arcs[k].w);
                        CoarseArc* const row = rows.arcs.data() + rows.begin[i];
                        CoarseArc* out = row;
                        for (const auto& [b, x] : w.entries()) *out++ = {first + i, b, x};
                        rows.end[i] = rows.begin[i] + w.entries().size();
                        std::sort(row, out,
                                  [](const CoarseArc& x, const CoarseArc& y) { return x.b < y.b; });
                      }
                    });
  return rows;
}

// The partial of the coarse pair a < b as an arc from its keeper: a or b by the parity of a ^ b.
CoarseArc keeper_first(GlobalVertex a, GlobalVertex b, double w) {
  return ((a ^ b) & 1) ? CoarseArc{b, a, w} : CoarseArc{a, b, w};
}

// Fills the coarse rows (offsets given) from two lists of rows sorted by target: every coarse row
// is the merge of its two rows, so it is sorted by target.
void merge_rows(const Rows& x, const Rows& y, const std::vector<engine::EdgeIndex>& offsets,
                std::vector<GlobalVertex>& neighbors, std::vector<float>& weights) {
  const std::size_t rows = offsets.size() - 1;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows, 1024),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i) {
                        std::size_t p = x.begin[i], q = y.begin[i];
                        for (engine::EdgeIndex at = offsets[i]; at < offsets[i + 1]; ++at) {
                          const bool from_x =
                              q == y.end[i] || (p < x.end[i] && x.arcs[p].b < y.arcs[q].b);
                          const CoarseArc& e = from_x ? x.arcs[p++] : y.arcs[q++];
                          neighbors[at] = e.b;
                          weights[at] = static_cast<float>(e.w);
                        }
                      }
                    });
}

// Coarse id of the community of every local vertex (owned and ghosts); sets `k` and `first`,
// the coarse id of this rank's first non-empty community (they are numbered in id order).
engine::VertexArray<GlobalVertex> coarse_ids(const CommunityState& s, std::uint64_t& k,
                                             GlobalVertex& first) {
  const engine::DistGraph& g = s.graph();
  const engine::Comm& comm = s.comm();
  std::vector<GlobalVertex> number(g.num_owned(), 0);
  std::uint64_t used = 0;
  for (LocalVertex c = 0; c < g.num_owned(); ++c)
    if (s.owned_entry(g.to_global(c)).size > 0) number[c] = used++;
  first = comm.exclusive_prefix_sum(used);
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

struct CoarseMass {
  GlobalVertex vertex;
  double mass;
};

// CPM: the mass of every owned coarse vertex, its community's total at the community's owner.
std::vector<double> coarse_masses(const CommunityState& s, GlobalVertex first,
                                  const engine::VertexDistribution& dist) {
  const engine::DistGraph& g = s.graph();
  std::vector<CoarseMass> mine;
  for (LocalVertex c = 0; c < g.num_owned(); ++c)
    if (const CommunityEntry& e = s.owned_entry(g.to_global(c)); e.size > 0)
      mine.push_back({first + mine.size(), e.total});
  std::vector<double> mass(dist.count(s.comm().rank()), 0.0);
  for (const CoarseMass& m : engine::exchange_by_owner(
           s.comm(), std::move(mine), [&](const CoarseMass& m) { return dist.owner(m.vertex); }))
    mass[m.vertex - dist.begin(s.comm().rank())] = m.mass;
  return mass;
}

// The coarse graph's rows on this rank (sorted by target) and how they were made.
struct CoarseRows {
  engine::VertexDistribution dist;
  std::vector<engine::EdgeIndex> offsets;
  std::vector<GlobalVertex> neighbors;
  std::vector<float> weights;
  std::uint64_t kept = 0;      // coarse edges summed here (self-loops included)
  std::uint64_t partials = 0;  // partial sums made here
};

// The partials of fine vertex v: its arcs summed per coarse neighbour; for the coarse pair {a, b}
// with a = coarse[v] only when a <= b (the other end's members make the same sum from their side),
// the internal arcs as a half-weight self-loop. `emit(a, b, w)` receives them in first-arc order.
template <class Emit>
void partials_of(const CommunityState& s, const engine::VertexArray<GlobalVertex>& coarse,
                 LocalVertex v, CommunityWeights& w, Emit&& emit) {
  w.clear();
  for_each_arc(s.graph(), s.weighted(), v, [&](LocalVertex u, double x) { w.add(coarse[u], x); });
  const GlobalVertex a = coarse[v];
  for (const auto& [b, x] : w.entries()) {
    if (a == b) emit(a, a, x / 2);
    if (a < b) emit(a, b, x);
  }
}

// Several ranks: each partial goes to the owner of its keeper, where the partials of each coarse
// pair are summed in the order they arrive (fine-vertex order); each sum is mirrored to the owner
// of the other end.
CoarseRows rows_by_exchange(const CommunityState& s,
                            const engine::VertexArray<GlobalVertex>& coarse, std::uint64_t k) {
  const engine::Comm& comm = s.comm();
  // Partials in fine-vertex order, each vertex's in its arc order.
  auto partials = in_blocks(
      s.graph().num_owned(), [&](LocalVertex v, CommunityWeights& w, std::vector<CoarseArc>& out) {
        partials_of(s, coarse, v, w, [&](GlobalVertex a, GlobalVertex b, double x) {
          out.push_back(a == b ? CoarseArc{a, a, x} : keeper_first(a, b, x));
        });
      });
  partition::EndpointHistogram ends(k, comm.size());
  for (const CoarseArc& x : partials)
    if (x.a != x.b) {
      ends.add(x.a);
      ends.add(x.b);
    }
  CoarseRows out;
  out.dist = partition::balanced(std::move(ends), comm);
  const GlobalVertex first = out.dist.begin(comm.rank());
  const std::uint64_t count = out.dist.count(comm.rank());
  auto owner = [&](const CoarseArc& x) { return out.dist.owner(x.a); };
  out.partials = partials.size();
  // The coarse edges, summed at the owner of their keeper; each also becomes the arc from the
  // other end at its owner (the same sum: the coarse graph is exactly symmetric).
  Rows kept =
      sum_by_target(engine::exchange_by_owner(comm, std::move(partials), owner), first, count);
  // Every kept sum but a row's self-loop (at most one, never mirrored) is mirrored.
  std::vector<std::size_t> mirror_start(count + 1, 0);
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto begin = kept.arcs.begin() + kept.begin[i], end = kept.arcs.begin() + kept.end[i];
    const bool loop =
        std::binary_search(begin, end, CoarseArc{first + i, first + i, 0.0},
                           [](const CoarseArc& x, const CoarseArc& y) { return x.b < y.b; });
    mirror_start[i + 1] = mirror_start[i] + kept.size(i) - loop;
  }
  std::vector<CoarseArc> mirror(mirror_start.back());
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, count, 1024),
                    [&](const tbb::blocked_range<std::uint64_t>& r) {
                      for (std::uint64_t i = r.begin(); i != r.end(); ++i) {
                        std::size_t at = mirror_start[i];
                        for (std::size_t j = kept.begin[i]; j < kept.end[i]; ++j)
                          if (const CoarseArc& x = kept.arcs[j]; x.a != x.b)
                            mirror[at++] = {x.b, x.a, x.w};
                      }
                    });
  // The mirrored sums need no adding (each coarse pair is kept once) and arrive ordered by their
  // target (senders own increasing id ranges, list their kept arcs in (a, b) order, and the
  // exchange keeps both orders), so a stable grouping by source leaves every row sorted.
  Rows mirrored =
      group_by_source(engine::exchange_by_owner(comm, std::move(mirror), owner), first, count);
  // Row of coarse vertex a: its kept and mirrored arcs (each sorted by target), merged.
  out.offsets.assign(count + 1, 0);
  for (std::uint64_t i = 0; i < count; ++i) {
    out.offsets[i + 1] = out.offsets[i] + kept.size(i) + mirrored.size(i);
    out.kept += kept.size(i);
  }
  out.neighbors.resize(out.offsets.back());
  out.weights.resize(out.offsets.back());
  merge_rows(kept, mirrored, out.offsets, out.neighbors, out.weights);
  return out;
}

struct Partial {
  GlobalVertex b;
  double w;
};

// One rank owns every coarse vertex. Each partial of the pair {a, b}, a <= b, is made by a member
// of a, so coarse row a adds up its members' partials as they are made (members in fine-vertex
// order, as the exchange path adds them: the same sums, bit for bit) for its self-loop and larger
// neighbours; its smaller neighbours' sums are mirrored in, filled in source order, so rows come
// out sorted.
CoarseRows rows_on_one_rank(const CommunityState& s,
                            const engine::VertexArray<GlobalVertex>& coarse, std::uint64_t k) {
  const LocalVertex n = s.graph().num_owned();
  // The members of each coarse vertex, in fine-vertex order.
  std::vector<std::size_t> first_member(k + 1, 0);
  for (LocalVertex v = 0; v < n; ++v) ++first_member[coarse[v] + 1];
  for (std::uint64_t a = 0; a < k; ++a) first_member[a + 1] += first_member[a];
  std::vector<LocalVertex> members(n);
  {
    std::vector<std::size_t> next(first_member.begin(), first_member.end() - 1);
    for (LocalVertex v = 0; v < n; ++v) members[next[coarse[v]]++] = v;
  }
  // Row a's own sums: its self-loop and larger neighbours, in first-seen order.
  std::vector<std::size_t> own(k + 1, 0);
  tbb::enumerable_thread_specific<CommunityWeights> vertex_weights;
  tbb::enumerable_thread_specific<std::uint64_t> made(0);
  const auto sums = in_blocks<Partial>(
      static_cast<LocalVertex>(k),
      [&](LocalVertex a, CommunityWeights& row, std::vector<Partial>& out) {
        row.clear();
        CommunityWeights& w = vertex_weights.local();
        std::uint64_t& count = made.local();
        for (std::size_t m = first_member[a]; m < first_member[a + 1]; ++m)
          partials_of(s, coarse, members[m], w, [&](GlobalVertex, GlobalVertex b, double x) {
            row.add(b, x);
            ++count;
          });
        for (const auto& [b, x] : row.entries()) out.push_back({b, x});
        own[a + 1] = row.entries().size();
      },
      std::clamp<std::size_t>(k / 256, 1, 1024));  // rows differ in work: many blocks
  for (std::uint64_t a = 0; a < k; ++a) own[a + 1] += own[a];
  // Row v: its smaller neighbours, its self-loop, its larger neighbours, each list filled in
  // increasing order by a pass in row order (so no row is sorted): the smaller neighbours of b
  // are the rows a < b that summed b, the larger neighbours of a the rows b > a that list a.
  std::vector<std::size_t> smaller(k, 0), loop(k, 0);
  for (std::uint64_t a = 0; a < k; ++a)
    for (std::size_t i = own[a]; i < own[a + 1]; ++i)
      sums[i].b == a ? ++loop[a] : ++smaller[sums[i].b];
  CoarseRows out;
  out.dist = partition::balanced(partition::EndpointHistogram(k, 1), s.comm());
  for (std::uint64_t c : made) out.partials += c;
  out.kept = sums.size();
  out.offsets.assign(k + 1, 0);
  for (std::uint64_t a = 0; a < k; ++a)
    out.offsets[a + 1] = out.offsets[a] + smaller[a] + (own[a + 1] - own[a]);
  out.neighbors.resize(out.offsets.back());
  out.weights.resize(out.offsets.back());
  auto put = [&](std::size_t& at, GlobalVertex b, float w) {
    out.neighbors[at] = b;
    out.weights[at++] = w;
  };
  std::vector<std::size_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (std::uint64_t a = 0; a < k; ++a)
    for (std::size_t i = own[a]; i < own[a + 1]; ++i) {
      std::size_t at = out.offsets[a] + smaller[a];
      const GlobalVertex b = sums[i].b;
      put(b == a ? at : next[b], a, static_cast<float>(sums[i].w));
    }
  for (std::uint64_t a = 0; a < k; ++a) next[a] = out.offsets[a] + smaller[a] + loop[a];
  for (std::uint64_t b = 0; b < k; ++b)
    for (std::size_t i = out.offsets[b]; i < out.offsets[b] + smaller[b]; ++i)
      put(next[out.neighbors[i]], b, out.weights[i]);
  return out;
}

}  // namespace

CoarseLevel aggregate(const CommunityState& s) {
  const engine::DistGraph& g = s.graph();
  const engine::Comm& comm = s.comm();
  std::uint64_t k = 0;
  GlobalVertex first_coarse = 0;
  const auto coarse = coarse_ids(s, k, first_coarse);
  CoarseRows rows =
      comm.size() == 1 ? rows_on_one_rank(s, coarse, k) : rows_by_exchange(s, coarse, k);
  const std::uint64_t arcs = rows.offsets.back();
  const std::uint64_t max_arcs = comm.max<std::uint64_t>(arcs);
  const std::uint64_t all_arcs = comm.sum<std::uint64_t>(arcs);
  engine::debug(comm, "aggregation (rank 0): " + std::to_string(g.num_local_arcs()) + " arcs, " +
                          std::to_string(rows.partials) + " partial sums, " +
                          std::to_string(rows.kept) + " coarse edges kept; coarse arcs " +
                          std::to_string(all_arcs) + ", at most " + std::to_string(max_arcs) +
                          " on a rank");
  const std::uint64_t num_edges = comm.sum(rows.kept);
  CoarseLevel out;
  out.coarse_of.assign(coarse.owned().begin(), coarse.owned().end());
  if (s.cpm()) out.mass = coarse_masses(s, first_coarse, rows.dist);
  out.graph = std::make_unique<engine::DistGraph>(
      partition::dist_graph_from_rows(std::move(rows.offsets), std::move(rows.neighbors),
                                      std::move(rows.weights), num_edges, rows.dist, comm));
  return out;
}

}  // namespace nexus::algo::community
