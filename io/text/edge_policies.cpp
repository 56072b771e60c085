// Orientation, self-loop and duplicate policies with the owner shuffle and sort.
#include "io/text/edge_policies.hpp"

#include <algorithm>
#include <vector>

#include "engine/distribution.hpp"

namespace nexus::io::text {
namespace {

struct Edge {
  engine::GlobalVertex src;
  engine::GlobalVertex dst;
  float weight;
};

// Sorts by (src, dst, weight): a counting sort by source over this rank's label range
// [lo, lo + count), then a small sort of each source's edges.
void sort_edges(std::vector<Edge>& edges, engine::GlobalVertex lo, std::uint64_t count) {
  std::vector<std::uint64_t> start(count + 1, 0);
  for (const Edge& e : edges) ++start[e.src - lo + 1];
  for (std::uint64_t v = 0; v < count; ++v) start[v + 1] += start[v];
  std::vector<Edge> out(edges.size());
  std::vector<std::uint64_t> at(start.begin(), start.end() - 1);
  for (const Edge& e : edges) out[at[e.src - lo]++] = e;
  for (std::uint64_t v = 0; v < count; ++v) {
    std::sort(out.begin() + start[v], out.begin() + start[v + 1], [](const Edge& a, const Edge& b) {
      return a.dst != b.dst ? a.dst < b.dst : a.weight < b.weight;
    });
  }
  edges.swap(out);
}

// Orients, filters self-loops and groups the edges by the owner of their source.
std::vector<Edge> outgoing(engine::EdgeSlab& slab, bool directed, bool drop_loops,
                           const engine::VertexDistribution& dist,
                           std::vector<std::uint64_t>& counts, std::uint64_t& loops) {
  std::vector<Edge> edges;
  edges.reserve(slab.size());
  for (std::size_t e = 0; e < slab.size(); ++e) {
    Edge x{slab.src[e], slab.dst[e], slab.weighted ? slab.weight[e] : 0.0f};
    if (x.src == x.dst && drop_loops) {
      ++loops;
      continue;
    }
    if (!directed && x.src > x.dst) std::swap(x.src, x.dst);
    edges.push_back(x);
  }
  slab.src = {};
  slab.dst = {};
  slab.weight = {};
  counts.assign(dist.num_ranks(), 0);
  std::vector<int> owner(edges.size());
  for (std::size_t e = 0; e < edges.size(); ++e) ++counts[owner[e] = dist.owner(edges[e].src)];
  std::vector<std::uint64_t> at(counts.size(), 0);
  for (std::size_t r = 1; r < counts.size(); ++r) at[r] = at[r - 1] + counts[r - 1];
  std::vector<Edge> send(edges.size());
  for (std::size_t e = 0; e < edges.size(); ++e) send[at[owner[e]]++] = edges[e];
  return send;
}

// Removes or merges runs of equal (src, dst) in sorted edges; returns how many were removed.
std::uint64_t merge_duplicates(std::vector<Edge>& edges, DuplicatePolicy policy) {
  if (policy == DuplicatePolicy::kKeep || edges.empty()) return 0;
  std::size_t out = 0;
  for (std::size_t i = 0; i < edges.size();) {
    std::size_t j = i + 1;
    double sum = edges[i].weight;
    while (j < edges.size() && edges[j].src == edges[i].src && edges[j].dst == edges[i].dst) {
      sum += edges[j].weight;
      ++j;
    }
    edges[out] = edges[i];
    if (policy == DuplicatePolicy::kSum) edges[out].weight = static_cast<float>(sum);
    ++out;
    i = j;
  }
  const std::uint64_t removed = edges.size() - out;
  edges.resize(out);
  return removed;
}

}  // namespace

PolicyCounts apply_edge_policies(engine::EdgeSlab& slab, bool directed, SelfLoopPolicy loops,
                                 DuplicatePolicy duplicates, const engine::Comm& comm,
                                 const engine::VertexDistribution* sources) {
  const auto dist =
      sources ? *sources : engine::VertexDistribution::uniform(slab.num_vertices, comm.size());
  std::vector<std::uint64_t> counts;
  std::uint64_t loops_dropped = 0;
  std::vector<Edge> edges = comm.alltoallv(
      outgoing(slab, directed, loops == SelfLoopPolicy::kDrop, dist, counts, loops_dropped),
      counts);
  sort_edges(edges, dist.begin(comm.rank()), dist.count(comm.rank()));
  const std::uint64_t merged = merge_duplicates(edges, duplicates);
  slab.directed = directed;
  slab.src.resize(edges.size());
  slab.dst.resize(edges.size());
  if (slab.weighted) slab.weight.resize(edges.size());
  for (std::size_t e = 0; e < edges.size(); ++e) {
    slab.src[e] = edges[e].src;
    slab.dst[e] = edges[e].dst;
    if (slab.weighted) slab.weight[e] = edges[e].weight;
  }
  slab.num_edges = comm.sum<std::uint64_t>(edges.size());
  return {comm.sum(loops_dropped), comm.sum(merged)};
}

}  // namespace nexus::io::text
