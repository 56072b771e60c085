// Aggregation: communities become the vertices of a coarse graph that stays distributed. The
// coarse ids follow community ids (a prefix sum over the owners of the community table). Each
// vertex sums its arcs per coarse neighbour; the partial for the coarse pair {a, b} goes to the
// owner of its keeper (one of a and b, chosen by the parity of a ^ b, so that the pairs spread
// over the ranks like the arcs do; "the smaller end" would send three quarters of them to rank 0
// at two ranks), internal arcs as half-weight self-loops. The keeper's owner adds the partials
// up in fine-vertex order (the order in which they arrive: ranks own contiguous vertex ranges and
// exchanges keep the order; a stable radix sort by (source, target) keeps it among the partials
// of one pair), so every sum is the same on any partition. Each sum is mirrored to the owner of
// the other end, and the owners' complete, sorted rows become the coarse DistGraph
// (partition::dist_graph_from_rows). The coarse vertices are cut into contiguous ranges of about
// equal work (partition::balanced over the partials' ends, which estimate the coarse rows): low
// community ids are often the heavy ones (they follow the smallest member, and inputs tend to
// number hubs first), so equal vertex counts would leave one rank with most of the next level's
// arcs. On one rank nothing is exchanged or regrouped: each coarse row adds up its members'
// partials directly (aggregate_one_rank.cpp), in the same order, or their arcs, where every sum
// is exact.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <bit>
#include <string>
#include <utility>

#include "algorithms/community/aggregate_rows.hpp"
#include "algorithms/community/local_moving.hpp"
#include "engine/exchange.hpp"
#include "engine/large_blocks.hpp"
#include "engine/log.hpp"
#include "engine/operators.hpp"
#include "partition/build_dist_graph.hpp"
#include "partition/policies.hpp"

namespace nexus::algo::community {
namespace {

using aggregation::CoarseRows;
using aggregation::in_blocks;
using aggregation::partials_of;

using engine::GlobalVertex;
using engine::LocalVertex;

// A partial or a sum of the coarse pair (a, b). Id is std::uint32_t when every coarse id fits
// (16 bytes instead of 24: a third less memory to fill, send and group), else GlobalVertex.
template <class I>
struct CoarseArc {
  using Id = I;
  Id a, b;
  double w;
};

// Arcs grouped by their owned source: row i (source first + i) is arcs[begin[i], end[i]).
template <class Arc>
struct Rows {
  std::vector<Arc> arcs;
  std::vector<std::size_t> begin, end;
  std::size_t size(std::size_t i) const { return end[i] - begin[i]; }
};

// `buffer` with n elements (their values unset), in its own memory when that is large enough (the
// pages beyond them given back): the large lists of an exchange are written into lists it no
// longer needs, since fresh memory costs a page fault per page at first touch (most of the
// several-rank aggregation's time on R-MAT 20 before; docs/benchmarks.md, session 20).
template <class Arc>
void reuse(std::vector<Arc>& buffer, std::size_t n) {
  if (buffer.capacity() < n) std::vector<Arc>().swap(buffer);
  buffer.resize(n);
  engine::release_unused(buffer.data(), n * sizeof(Arc), buffer.capacity() * sizeof(Arc));
}

// Stable counting sort of `arcs` by key(arc) in [0, keys), into `storage`'s memory; `start`
// gets where each key's arcs begin (keys + 1 entries). The arcs are counted and placed in
// contiguous blocks in parallel (one per thread, fewer when there are under two arcs per key per
// block, as each block keeps a count per key); a stable order is unique, so the result does not
// depend on the number of blocks.
template <class Arc, class Key>
std::vector<Arc> sort_by_key(const std::vector<Arc>& arcs, std::uint64_t keys, Key&& key,
                             std::vector<Arc> storage, std::vector<std::size_t>& start) {
  const std::size_t n = arcs.size();
  const std::size_t blocks =
      std::clamp<std::size_t>(n / std::max<std::uint64_t>(2 * keys, 1), 1,
                              static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()));
  const std::size_t per = (n + blocks - 1) / blocks;
  auto each_block = [&](auto&& f) {
    tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
      for (std::size_t i = b * per, e = std::min(n, (b + 1) * per); i < e; ++i) f(b, arcs[i]);
    });
  };
  // Per block, the arcs of each key; then, in place, where the block's first one goes.
  std::vector<std::vector<std::size_t>> at(blocks, std::vector<std::size_t>(keys, 0));
  each_block([&](std::size_t b, const Arc& x) { ++at[b][key(x)]; });
  reuse(storage, n);
  start.resize(keys + 1);
  std::size_t next = 0;
  for (std::uint64_t i = 0; i < keys; ++i) {
    start[i] = next;
    for (auto& c : at) next += std::exchange(c[i], next);
  }
  start[keys] = next;
  each_block([&](std::size_t b, const Arc& x) { storage[at[b][key(x)]++] = x; });
  return storage;
}

// Arcs grouped by their owned source a (stably), in `storage`'s memory.
template <class Arc>
Rows<Arc> group_by_source(const std::vector<Arc>& arcs, GlobalVertex first, std::uint64_t count,
                          std::vector<Arc>&& storage) {
  std::vector<std::size_t> start;
  Rows<Arc> rows;
  rows.arcs = sort_by_key(
      arcs, count, [first](const Arc& x) { return x.a - first; }, std::move(storage), start);
  rows.begin.assign(start.begin(), start.end() - 1);
  rows.end.assign(start.begin() + 1, start.end());
  return rows;
}

// Per owned source, the sum of its arcs per target, sorted by target, in `storage`'s memory
// (`arcs`' memory is the scratch list: its content is used up). The arcs are sorted stably by
// target b (least significant digit first, an even number of passes of at most 16 bits over the
// bits of k - 1, ping-ponging between the two lists), then by source; arcs to one target then
// follow each other in the order they came and are added in that order, as they arrive: the
// same sums, bit for bit, as a map per row in arrival order, without the map or a sort per row.
template <class Arc>
Rows<Arc> sum_by_target(std::vector<Arc>& arcs, GlobalVertex first, std::uint64_t count,
                        std::uint64_t k, std::vector<Arc>&& storage) {
  const int bits = k > 1 ? std::bit_width(k - 1) : 0;
  const int passes = bits == 0 ? 0 : 2 * ((bits + 31) / 32);
  std::vector<std::size_t> start;
  for (int pass = 0; pass < passes; ++pass) {
    const int digit = (bits + passes - 1) / passes, shift = pass * digit;
    const std::uint64_t mask = (std::uint64_t{1} << digit) - 1;
    // The sorted list goes into the other list's memory: arcs -> storage, then back.
    std::vector<Arc>& from = pass % 2 == 0 ? arcs : storage;
    std::vector<Arc>& to = pass % 2 == 0 ? storage : arcs;
    to = sort_by_key(
        from, mask + 1, [shift, mask](const Arc& x) { return (x.b >> shift) & mask; },
        std::move(to), start);
  }
  Rows<Arc> rows = group_by_source(arcs, first, count, std::move(storage));
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, count, 256),
                    [&](const tbb::blocked_range<std::uint64_t>& r) {
                      for (std::uint64_t i = r.begin(); i != r.end(); ++i) {
                        Arc* const row = rows.arcs.data() + rows.begin[i];
                        std::size_t out = 0;
                        for (std::size_t j = 0, n = rows.size(i); j < n; ++j) {
                          if (out > 0 && row[out - 1].b == row[j].b)
                            row[out - 1].w += row[j].w;
                          else
                            row[out++] = {row[j].a, row[j].b, 0.0 + row[j].w};  // as from a zero
                        }
                        rows.end[i] = rows.begin[i] + out;
                      }
                    });
  return rows;
}

// The send buffer of an exchange, in `send`'s memory: the items `each` lists (in its order), each
// grouped with the others going to rank owner(item), every group in listing order, as
// engine::exchange_by_owner sends them; `counts` gets the number per rank.
template <class Each, class Owner, class Arc>
void group_by_owner(Each&& each, Owner&& owner, int ranks, std::vector<Arc>& send,
                    std::vector<std::uint64_t>& counts) {
  counts.assign(ranks, 0);
  each([&](const Arc& x) { ++counts[owner(x)]; });
  std::vector<std::uint64_t> at(ranks, 0);
  for (int r = 1; r < ranks; ++r) at[r] = at[r - 1] + counts[r - 1];
  reuse(send, at.back() + counts.back());
  each([&](const Arc& x) { send[at[owner(x)]++] = x; });
}

// The partial of the coarse pair a < b as an arc from its keeper: a or b by the parity of a ^ b.
template <class Arc>
Arc keeper_first(GlobalVertex a, GlobalVertex b, double w) {
  using Id = typename Arc::Id;
  return ((a ^ b) & 1) ? Arc{static_cast<Id>(b), static_cast<Id>(a), w}
                       : Arc{static_cast<Id>(a), static_cast<Id>(b), w};
}

// Fills the coarse rows (offsets given) from two lists of rows sorted by target: every coarse row
// is the merge of its two rows, so it is sorted by target.
template <class Arc>
void merge_rows(const Rows<Arc>& x, const Rows<Arc>& y,
                const std::vector<engine::EdgeIndex>& offsets, std::vector<GlobalVertex>& neighbors,
                std::vector<float>& weights) {
  const std::size_t rows = offsets.size() - 1;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows, 1024),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i) {
                        std::size_t p = x.begin[i], q = y.begin[i];
                        for (engine::EdgeIndex at = offsets[i]; at < offsets[i + 1]; ++at) {
                          const bool from_x =
                              q == y.end[i] || (p < x.end[i] && x.arcs[p].b < y.arcs[q].b);
                          const Arc& e = from_x ? x.arcs[p++] : y.arcs[q++];
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

// Several ranks: each partial goes to the owner of its keeper, where the partials of each coarse
// pair are summed in the order they arrive (fine-vertex order); each sum is mirrored to the owner
// of the other end. Two lists are reused through the steps (`one`: the partials sent, then the
// kept sums; `two`: the partials received and the scratch list of their radix sort, then the
// mirrored sums sent, then grouped), so that each step writes into memory already touched.
template <class Id>
CoarseRows rows_by_exchange(const CommunityState& s,
                            const engine::VertexArray<GlobalVertex>& coarse, std::uint64_t k) {
  using Arc = CoarseArc<Id>;
  const engine::Comm& comm = s.comm();
  // Partials in fine-vertex order, each vertex's in its arc order.
  auto partials = in_blocks<Arc>(
      s.graph().num_owned(), [&](LocalVertex v, CommunityWeights& w, std::vector<Arc>& out) {
        partials_of(s, coarse, v, w, [&](GlobalVertex a, GlobalVertex b, double x) {
          out.push_back(keeper_first<Arc>(a, b, x));
        });
      });
  partition::EndpointHistogram ends(k, comm.size());
  for (const auto& part : partials.parts)
    for (const Arc& x : part)
      if (x.a != x.b) {
        ends.add(x.a);
        ends.add(x.b);
      }
  CoarseRows out;
  out.dist = partition::balanced(std::move(ends), comm);
  out.partials = partials.size();
  const GlobalVertex first = out.dist.begin(comm.rank());
  const std::uint64_t count = out.dist.count(comm.rank());
  auto owner = [&](const Arc& x) { return out.dist.owner(x.a); };
  std::vector<Arc> one, two;
  std::vector<std::uint64_t> counts;
  // The coarse edges, summed at the owner of their keeper.
  group_by_owner(
      [&](auto&& f) {
        for (const auto& part : partials.parts)
          for (const Arc& x : part) f(x);
      },
      owner, comm.size(), one, counts);
  std::vector<std::vector<Arc>>().swap(partials.parts);
  two = comm.alltoallv(one, counts);
  Rows<Arc> kept = sum_by_target(two, first, count, k, std::move(one));
  // Each kept sum but a self-loop also becomes the arc from the other end at its owner (the same
  // sum: the coarse graph is exactly symmetric), listed in (a, b) order.
  group_by_owner(
      [&](auto&& f) {
        for (std::uint64_t i = 0; i < count; ++i)
          for (std::size_t j = kept.begin[i]; j < kept.end[i]; ++j)
            if (const Arc& x = kept.arcs[j]; x.a != x.b) f(Arc{x.b, x.a, x.w});
      },
      owner, comm.size(), two, counts);
  // The mirrored sums need no adding (each coarse pair is kept once) and arrive ordered by their
  // target (senders own increasing id ranges, list their kept arcs in (a, b) order, and the
  // exchange keeps both orders), so a stable grouping by source leaves every row sorted.
  Rows<Arc> mirrored = group_by_source(comm.alltoallv(two, counts), first, count, std::move(two));
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

}  // namespace

CoarseLevel aggregate(const CommunityState& s, bool narrow_ids) {
  constexpr std::uint64_t kNarrow = std::uint64_t{1} << 32;  // ids 0..k-1 fit in 32 bits
  const engine::DistGraph& g = s.graph();
  const engine::Comm& comm = s.comm();
  std::uint64_t k = 0;
  GlobalVertex first_coarse = 0;
  const auto coarse = coarse_ids(s, k, first_coarse);
  CoarseRows rows = comm.size() == 1             ? aggregation::rows_on_one_rank(s, coarse, k)
                    : narrow_ids && k <= kNarrow ? rows_by_exchange<std::uint32_t>(s, coarse, k)
                                                 : rows_by_exchange<GlobalVertex>(s, coarse, k);
  const std::uint64_t arcs = rows.offsets.back();
  const std::uint64_t max_arcs = comm.max<std::uint64_t>(arcs);
  const std::uint64_t all_arcs = comm.sum<std::uint64_t>(arcs);
  engine::debug(
      comm, "aggregation (rank 0): " + std::to_string(g.num_local_arcs()) + " arcs, " +
                std::to_string(rows.partials) + " partial sums (arcs, where added directly), " +
                std::to_string(rows.kept) + " coarse edges kept; coarse arcs " +
                std::to_string(all_arcs) + ", at most " + std::to_string(max_arcs) + " on a rank");
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
