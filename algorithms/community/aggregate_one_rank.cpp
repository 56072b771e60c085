// Aggregation on one rank (see aggregate.cpp): every coarse vertex is owned here, so nothing is
// exchanged or regrouped, and the rows are filled in order, not sorted.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <span>

#include "algorithms/community/aggregate_rows.hpp"
#include "partition/policies.hpp"

namespace nexus::algo::community::aggregation {
namespace {

struct Partial {
  GlobalVertex b;
  double w;
};

}  // namespace

// One rank owns every coarse vertex. Each partial of the pair {a, b}, a <= b, is made by a member
// of a, so coarse row a adds up its members' partials as they are made (members in fine-vertex
// order, as the exchange path adds them: the same sums, bit for bit) for its self-loop and larger
// neighbours; its smaller neighbours' sums are mirrored in, filled in source order, so rows come
// out sorted. When sums are exact (CommunityState::exact_sums), the members' arcs are added
// straight into the row: the same bits without a map per member.
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
  const bool exact = s.exact_sums();
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
          if (exact)
            for_each_arc(s.graph(), s.weighted(), members[m], [&](LocalVertex u, double x) {
              if (const GlobalVertex b = coarse[u]; b >= a) {
                row.add(b, b == a ? x / 2 : x);
                ++count;
              }
            });
          else
            partials_of(s, coarse, members[m], w, [&](GlobalVertex, GlobalVertex b, double x) {
              row.add(b, x);
              ++count;
            });
        for (const auto& [b, x] : row.entries()) out.push_back({b, x});
        own[a + 1] = row.entries().size();
      },
      std::clamp<std::size_t>(k / 256, 1, 1024));  // rows differ in work: many blocks
  for (std::uint64_t a = 0; a < k; ++a) own[a + 1] += own[a];
  // Row a's own sums where its block left them (the blocks are not concatenated: a copy of them
  // all would be alive with them, at the peak of a large graph's aggregation).
  auto own_sums = [&](std::uint64_t a) {
    const std::size_t block = a / sums.block;
    const Partial* first = sums.parts[block].data() + (own[a] - own[block * sums.block]);
    return std::span<const Partial>(first, own[a + 1] - own[a]);
  };
  // Row v: its smaller neighbours, its self-loop, its larger neighbours, each list filled in
  // increasing order by a pass in row order (so no row is sorted): the smaller neighbours of b
  // are the rows a < b that summed b, the larger neighbours of a the rows b > a that list a.
  std::vector<std::size_t> smaller(k, 0), loop(k, 0);
  for (std::uint64_t a = 0; a < k; ++a)
    for (const Partial& x : own_sums(a)) x.b == a ? ++loop[a] : ++smaller[x.b];
  CoarseRows out;
  out.dist = partition::uniform(k, 1);  // one range: every coarse vertex
  for (std::uint64_t c : made) out.partials += c;
  out.kept = own[k];
  out.offsets.assign(k + 1, 0);
  for (std::uint64_t a = 0; a < k; ++a)
    out.offsets[a + 1] = out.offsets[a] + smaller[a] + (own[a + 1] - own[a]);
  out.neighbors.resize(out.offsets.back());
  out.weights.resize(out.offsets.back());
  auto put = [&](std::size_t& at, GlobalVertex b, float w) {
    out.neighbors[at] = b;
    out.weights[at++] = w;
  };
  // Both passes run on ranges of target rows of about equal arcs; each range scans every source
  // in order, so a row is filled in source order whatever the ranges.
  const std::size_t ranges = std::clamp(tbb::this_task_arena::max_concurrency(), 1, 8);
  auto by_ranges = [&](auto&& fill) {
    auto first_row = [&](std::size_t r) -> std::uint64_t {  // at r / ranges of the arcs
      const auto& o = out.offsets;
      return std::lower_bound(o.begin(), o.end() - 1, o.back() * r / ranges) - o.begin();
    };
    tbb::parallel_for(std::size_t{0}, ranges,
                      [&](std::size_t r) { fill(first_row(r), first_row(r + 1)); });
  };
  std::vector<std::size_t> next(out.offsets.begin(), out.offsets.end() - 1);
  by_ranges([&](std::uint64_t lo, std::uint64_t hi) {
    for (std::uint64_t a = 0; a < k; ++a)
      for (const Partial& x : own_sums(a)) {
        if (x.b < lo || x.b >= hi) continue;
        std::size_t at = out.offsets[a] + smaller[a];
        put(x.b == a ? at : next[x.b], a, static_cast<float>(x.w));
      }
  });
  for (std::uint64_t a = 0; a < k; ++a) next[a] = out.offsets[a] + smaller[a] + loop[a];
  by_ranges([&](std::uint64_t lo, std::uint64_t hi) {
    for (std::uint64_t b = 0; b < k; ++b)
      for (std::size_t i = out.offsets[b]; i < out.offsets[b] + smaller[b]; ++i)
        if (const GlobalVertex a = out.neighbors[i]; a >= lo && a < hi)
          put(next[a], b, out.weights[i]);
  });
  return out;
}

}  // namespace nexus::algo::community::aggregation
