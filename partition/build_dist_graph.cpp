// build_dist_graph: arc routing, ghost discovery, CSR assembly and the halo plan.
#include "partition/build_dist_graph.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <numeric>

#include "engine/error.hpp"
#include "engine/id_index.hpp"

namespace nexus::partition {
namespace {

using engine::Comm;
using engine::Csr;
using engine::DistGraph;
using engine::EdgeIndex;
using engine::GlobalVertex;
using engine::LocalVertex;
using engine::VertexDistribution;

// Arcs received by the owner of `owned`: the owned endpoint (local), the other one (global).
struct ArcList {
  std::vector<LocalVertex> owned;
  std::vector<GlobalVertex> other;
  std::vector<float> weight;
};

struct WireArc {
  GlobalVertex owned;
  GlobalVertex other;
};

constexpr std::size_t kRoundEdges = std::size_t{1} << 22;  // bounds the send buffers per round

// Calls sink(from, to, edge index) for every arc of the slab's edges [begin, end): src -> dst,
// and dst -> src as well for undirected graphs (a self-loop once).
template <class Sink>
void for_each_arc(const engine::EdgeSlab& slab, std::size_t begin, std::size_t end, bool both,
                  Sink&& sink) {
  for (std::size_t i = begin; i < end; ++i) {
    sink(slab.src[i], slab.dst[i], i);
    if (both && slab.src[i] != slab.dst[i]) sink(slab.dst[i], slab.src[i], i);
  }
}

// Routes the arcs of edges [begin, end) to owner(from) and appends what arrives to `out`.
void route_round(const engine::EdgeSlab& slab, std::size_t begin, std::size_t end, bool both,
                 const VertexDistribution& dist, const Comm& comm, ArcList& out) {
  const int p = comm.size();
  std::vector<std::uint64_t> counts(p, 0);
  for_each_arc(slab, begin, end, both,
               [&](GlobalVertex a, GlobalVertex, std::size_t) { ++counts[dist.owner(a)]; });
  std::vector<std::uint64_t> pos(p, 0);
  for (int r = 1; r < p; ++r) pos[r] = pos[r - 1] + counts[r - 1];
  std::vector<WireArc> send(pos[p - 1] + counts[p - 1]);
  std::vector<float> send_w(slab.weighted ? send.size() : 0);
  for_each_arc(slab, begin, end, both, [&](GlobalVertex a, GlobalVertex b, std::size_t i) {
    const std::uint64_t at = pos[dist.owner(a)]++;
    send[at] = {a, b};
    if (slab.weighted) send_w[at] = slab.weight[i];
  });
  const auto recv = comm.alltoallv(send, counts);
  send = {};
  const GlobalVertex first = dist.begin(comm.rank());
  for (const WireArc& a : recv) {
    out.owned.push_back(static_cast<LocalVertex>(a.owned - first));
    out.other.push_back(a.other);
  }
  if (slab.weighted) {
    const auto w = comm.alltoallv(send_w, counts);
    out.weight.insert(out.weight.end(), w.begin(), w.end());
  }
}

// Routes every arc of the slab in rounds of bounded size (the same number of rounds on every
// rank), into arc lists reserved to their exact final size.
ArcList route_arcs(const engine::EdgeSlab& slab, bool both, const VertexDistribution& dist,
                   const Comm& comm) {
  std::vector<std::uint64_t> counts(comm.size(), 0);
  for_each_arc(slab, 0, slab.size(), both,
               [&](GlobalVertex a, GlobalVertex, std::size_t) { ++counts[dist.owner(a)]; });
  comm.allreduce(std::span<std::uint64_t>(counts), engine::ReduceOp::kSum);
  const std::uint64_t incoming = counts[comm.rank()];  // arcs all ranks send to this one
  ArcList out;
  out.owned.reserve(incoming);
  out.other.reserve(incoming);
  if (slab.weighted) out.weight.reserve(incoming);
  const std::size_t rounds = comm.max<std::uint64_t>((slab.size() + kRoundEdges - 1) / kRoundEdges);
  for (std::size_t k = 0; k < rounds; ++k) {
    const std::size_t b = std::min(slab.size(), k * kRoundEdges);
    const std::size_t e = std::min(slab.size(), (k + 1) * kRoundEdges);
    route_round(slab, b, e, both, dist, comm, out);
  }
  return out;
}

// The ghosts: the distinct non-owned ids among the other endpoints of the arcs, numbered in
// increasing id order (index.ids() is the sorted list). An id is usually the endpoint of several
// arcs, so they are collected in a hash set and only the distinct ones are sorted.
engine::IdIndex find_ghosts(const std::vector<const std::vector<GlobalVertex>*>& others,
                            GlobalVertex first, GlobalVertex last) {
  std::vector<GlobalVertex> sorted;
  {
    engine::IdIndex seen;
    for (const std::vector<GlobalVertex>* l : others)
      for (GlobalVertex g : *l)
        if (g < first || g >= last) seen.add(g);
    sorted = seen.ids();
  }
  tbb::parallel_sort(sorted.begin(), sorted.end());
  engine::IdIndex index(sorted.size());
  for (GlobalVertex g : sorted) index.add(g);
  return index;
}

// The local id of every arc's other endpoint (owned: offset from first; ghost: its number).
std::vector<LocalVertex> localise(std::vector<GlobalVertex>&& other, LocalVertex num_owned,
                                  GlobalVertex first, const engine::IdIndex& ghosts) {
  std::vector<LocalVertex> local(other.size());
  tbb::parallel_for(std::size_t{0}, other.size(), std::size_t{1} << 16, [&](std::size_t b) {
    const std::size_t e = std::min(other.size(), b + (std::size_t{1} << 16));
    for (std::size_t i = b; i < e; ++i) {
      const GlobalVertex g = other[i];
      local[i] = (g >= first && g - first < num_owned)
                     ? static_cast<LocalVertex>(g - first)
                     : num_owned + static_cast<LocalVertex>(ghosts.index_of(g));
    }
  });
  other = {};
  return local;
}

// Sorts every row by (global id, weight): the order that makes per-vertex sums identical for
// every partition.
void sort_rows(Csr& csr, LocalVertex num_owned, GlobalVertex first,
               const std::vector<GlobalVertex>& ghosts) {
  auto global = [&](LocalVertex l) { return l < num_owned ? first + l : ghosts[l - num_owned]; };
  const bool weighted = !csr.weights.empty();
  tbb::parallel_for(LocalVertex{0}, num_owned, [&](LocalVertex v) {
    const EdgeIndex b = csr.offsets[v], e = csr.offsets[v + 1];
    if (!weighted) {
      std::sort(csr.targets.begin() + b, csr.targets.begin() + e,
                [&](LocalVertex x, LocalVertex y) { return global(x) < global(y); });
      return;
    }
    std::vector<std::pair<GlobalVertex, float>> row(e - b);
    std::vector<LocalVertex> ids(e - b);
    for (EdgeIndex k = b; k < e; ++k) row[k - b] = {global(csr.targets[k]), csr.weights[k]};
    std::vector<std::size_t> order(e - b);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return row[x] < row[y]; });
    for (std::size_t k = 0; k < order.size(); ++k) ids[k] = csr.targets[b + order[k]];
    for (std::size_t k = 0; k < order.size(); ++k) {
      csr.targets[b + k] = ids[k];
      csr.weights[b + k] = row[order[k]].second;
    }
  });
}

// CSR of one arc list (consumed): rows by owned vertex, each sorted by (global id, weight).
Csr assemble_csr(ArcList&& arcs, LocalVertex num_owned, GlobalVertex first,
                 const engine::IdIndex& ghosts) {
  const std::vector<LocalVertex> local = localise(std::move(arcs.other), num_owned, first, ghosts);
  Csr csr;
  csr.offsets.assign(std::size_t{num_owned} + 1, 0);
  for (LocalVertex v : arcs.owned) ++csr.offsets[v + 1];
  std::partial_sum(csr.offsets.begin(), csr.offsets.end(), csr.offsets.begin());
  std::vector<EdgeIndex> fill(csr.offsets.begin(), csr.offsets.end() - 1);
  const bool weighted = !arcs.weight.empty();
  csr.targets.resize(local.size());
  if (weighted) csr.weights.resize(local.size());
  for (std::size_t i = 0; i < arcs.owned.size(); ++i) {
    const EdgeIndex at = fill[arcs.owned[i]]++;
    csr.targets[at] = local[i];
    if (weighted) csr.weights[at] = arcs.weight[i];
  }
  arcs = ArcList{};
  sort_rows(csr, num_owned, first, ghosts.ids());
  return csr;
}

// Each rank asks the owners of its ghosts for their values; the owners' send lists are the
// requests they receive, in the requesters' (sorted) ghost order.
engine::HaloPlan make_halo_plan(const std::vector<GlobalVertex>& ghosts,
                                const VertexDistribution& dist, const Comm& comm) {
  engine::HaloPlan plan;
  const int p = comm.size();
  std::vector<std::uint64_t> counts(p, 0);
  for (GlobalVertex g : ghosts) ++counts[dist.owner(g)];
  std::size_t offset = 0;
  for (int r = 0; r < p; ++r) {
    if (counts[r] > 0) plan.recv_peers.push_back({r, offset, counts[r]});
    offset += counts[r];
  }
  std::vector<std::uint64_t> recv_counts;
  const auto requests = comm.alltoallv(ghosts, counts, &recv_counts);
  const GlobalVertex first = dist.begin(comm.rank());
  plan.send_vertices.reserve(requests.size());
  for (GlobalVertex g : requests) plan.send_vertices.push_back(static_cast<LocalVertex>(g - first));
  offset = 0;
  for (int r = 0; r < p; ++r) {
    if (recv_counts[r] > 0) plan.send_peers.push_back({r, offset, recv_counts[r]});
    offset += recv_counts[r];
  }
  return plan;
}

// Local ids are 32-bit: every rank's owned range must fit (the same answer on every rank, since
// the distribution is shared). Without this check a rank owning 2^32 or more vertices would
// silently truncate its count (found with a graph file declaring num_vertices = 2^62).
void check_local_range(const VertexDistribution& dist, std::uint64_t n) {
  constexpr std::uint64_t kMaxLocal = engine::kNoLocalVertex - 1;
  for (int r = 0; r < dist.num_ranks(); ++r) {
    const std::uint64_t owned = dist.end(r) - dist.begin(r);
    if (owned <= kMaxLocal) continue;
    const std::uint64_t ranks = n / kMaxLocal + 1;
    throw InputError("the graph declares " + std::to_string(n) + " vertices: rank " +
                     std::to_string(r) + " would own " + std::to_string(owned) +
                     ", more than the " + std::to_string(kMaxLocal) +
                     " one rank can hold (needs at least " + std::to_string(ranks) + " ranks)");
  }
}

}  // namespace

DistGraph build_dist_graph(engine::EdgeSlab&& slab, const VertexDistribution& dist,
                           const Comm& comm) {
  if (dist.num_vertices() != slab.num_vertices || dist.num_ranks() != comm.size())
    throw std::invalid_argument("build_dist_graph: distribution does not match graph or comm");
  DistGraph::Parts parts;
  parts.distribution = dist;
  parts.rank = comm.rank();
  parts.directed = slab.directed;
  parts.weighted = slab.weighted;
  parts.num_edges = slab.num_edges;
  check_local_range(dist, slab.num_vertices);
  const GlobalVertex first = dist.begin(comm.rank()), last = dist.end(comm.rank());
  const auto num_owned = static_cast<LocalVertex>(last - first);
  ArcList out = route_arcs(slab, !slab.directed, dist, comm);
  ArcList in;
  if (slab.directed) {
    // In-arcs: routed to the owner of the target, so swap the roles of src and dst.
    std::swap(slab.src, slab.dst);
    in = route_arcs(slab, false, dist, comm);
  }
  slab = engine::EdgeSlab{};
  const engine::IdIndex ghosts = find_ghosts({&out.other, &in.other}, first, last);
  parts.ghosts = ghosts.ids();
  parts.out = assemble_csr(std::move(out), num_owned, first, ghosts);
  if (parts.directed) parts.in = assemble_csr(std::move(in), num_owned, first, ghosts);
  parts.halo = make_halo_plan(parts.ghosts, dist, comm);
  return DistGraph(std::move(parts));
}

DistGraph dist_graph_from_rows(std::vector<EdgeIndex>&& offsets,
                               std::vector<GlobalVertex>&& neighbors, std::vector<float>&& weights,
                               std::uint64_t num_edges, const VertexDistribution& dist,
                               const Comm& comm) {
  check_local_range(dist, dist.num_vertices());
  const GlobalVertex first = dist.begin(comm.rank()), last = dist.end(comm.rank());
  const auto num_owned = static_cast<LocalVertex>(last - first);
  if (offsets.size() != std::size_t{num_owned} + 1 || offsets.back() != neighbors.size() ||
      weights.size() != neighbors.size())
    throw std::invalid_argument("dist_graph_from_rows: rows do not match the distribution");
  DistGraph::Parts parts;
  parts.distribution = dist;
  parts.rank = comm.rank();
  parts.directed = false;
  parts.weighted = true;
  parts.num_edges = num_edges;
  const engine::IdIndex ghosts = find_ghosts({&neighbors}, first, last);
  parts.ghosts = ghosts.ids();
  parts.out.offsets = std::move(offsets);
  parts.out.targets = localise(std::move(neighbors), num_owned, first, ghosts);
  parts.out.weights = std::move(weights);
  parts.halo = make_halo_plan(parts.ghosts, dist, comm);
  return DistGraph(std::move(parts));
}

PartitionMetrics partition_metrics(const DistGraph& g, const Comm& comm) {
  PartitionMetrics m;
  std::uint64_t cut = 0;
  for (LocalVertex v = 0; v < g.num_owned(); ++v)
    for (LocalVertex u : g.out_neighbors(v)) cut += g.is_owned(u) ? 0 : 1;
  m.owned_per_rank = comm.allgather<std::uint64_t>(g.num_owned());
  m.arcs_per_rank = comm.allgather<std::uint64_t>(g.num_local_arcs());
  m.ghosts_per_rank = comm.allgather<std::uint64_t>(g.num_ghosts());
  m.cut_arcs = comm.sum(cut);
  for (auto a : m.arcs_per_rank) m.total_arcs += a;
  m.edge_cut_fraction = m.total_arcs ? static_cast<double>(m.cut_arcs) / m.total_arcs : 0.0;
  const double mean = static_cast<double>(m.total_arcs) / comm.size();
  const auto max_arcs = *std::max_element(m.arcs_per_rank.begin(), m.arcs_per_rank.end());
  m.imbalance = mean > 0 ? max_arcs / mean : 1.0;
  return m;
}

}  // namespace nexus::partition
