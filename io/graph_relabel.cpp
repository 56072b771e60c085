// write_relabelled_graph: re-read, rename, sort and write (see graph_relabel.hpp).
#include "io/graph_relabel.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/exchange.hpp"
#include "io/text/edge_policies.hpp"
#include "io/text/key_exchange.hpp"

namespace nexus::io {
namespace {

using engine::GlobalVertex;

// The new id of every vertex in `vertices`, asked from its owner.
std::vector<GlobalVertex> renamed(const std::vector<GlobalVertex>& vertices, const Relabelling& r,
                                  const engine::Comm& comm) {
  const GlobalVertex first = r.dist.begin(comm.rank());
  return engine::query_by_owner<GlobalVertex>(
      comm, vertices, [&](GlobalVertex v) { return r.dist.owner(v); },
      [&](GlobalVertex v) { return r.label[v - first]; });
}

// Fraction of the edges of `e` whose ends lie in different ranges of `cut`.
double cut_fraction(const engine::EdgeSlab& e, const engine::VertexDistribution& cut,
                    const engine::Comm& comm) {
  std::uint64_t crossing = 0;
  for (std::size_t i = 0; i < e.size(); ++i) crossing += cut.owner(e.src[i]) != cut.owner(e.dst[i]);
  const std::uint64_t all = comm.sum<std::uint64_t>(e.size());
  return all == 0 ? 0.0 : static_cast<double>(comm.sum(crossing)) / static_cast<double>(all);
}

// This rank's block of the new graph's original ids: new vertex i's original id (or name) at
// the owner of i under equal id ranges (write_graph_file takes any tiling of the ids).
VertexIdBlock id_block(const Relabelling& r, std::uint64_t n, bool names,
                       const engine::Comm& comm) {
  const auto u = engine::VertexDistribution::uniform(n, comm.size());
  // Group the owned vertices by the new owner of their label, in vertex order.
  std::vector<std::uint64_t> counts(comm.size(), 0);
  for (GlobalVertex l : r.label) ++counts[u.owner(l)];
  std::vector<std::uint64_t> at(comm.size(), 0);
  for (int k = 1; k < comm.size(); ++k) at[k] = at[k - 1] + counts[k - 1];
  std::vector<GlobalVertex> labels(r.label.size());
  std::vector<std::int64_t> ids(names ? 0 : r.label.size());
  std::vector<std::string> name_of(names ? r.label.size() : 0);
  for (std::size_t v = 0; v < r.label.size(); ++v) {
    const std::uint64_t i = at[u.owner(r.label[v])]++;
    labels[i] = r.label[v];
    if (names) {
      name_of[i] = r.names[v];
    } else {
      ids[i] = r.ids[v];
    }
  }
  // Labels and ids (or names) travel in the same grouping, so they arrive aligned.
  const std::vector<GlobalVertex> got = comm.alltoallv(labels, counts);
  VertexIdBlock block;
  block.first = u.begin(comm.rank());
  const auto place = [&](auto&& values, auto& out) {
    out.resize(u.count(comm.rank()));
    for (std::size_t i = 0; i < got.size(); ++i) out[got[i] - block.first] = std::move(values[i]);
  };
  if (names) {
    place(text::exchange_keys(comm, name_of, counts, nullptr), block.names);
  } else {
    place(comm.alltoallv(ids, counts), block.ids);
  }
  return block;
}

}  // namespace

std::vector<CutFractions> write_relabelled_graph(const GraphHeader& in, const std::string& path,
                                                 const Relabelling& r, const std::string& source,
                                                 const std::vector<RangeCut>& cuts,
                                                 const engine::Comm& comm) {
  const bool names = in.ids == VertexIdKind::kName;
  if (r.label.size() != r.dist.count(comm.rank()) ||
      (names ? r.names.size() : r.ids.size()) != r.label.size())
    throw std::logic_error("write_relabelled_graph: one label and one id per owned vertex");
  engine::EdgeSlab slab = read_edge_slab(in, comm, /*with_weights=*/true);
  std::vector<CutFractions> cut(cuts.size());
  for (std::size_t k = 0; k < cuts.size(); ++k)
    cut[k].before = cut_fraction(slab, cuts[k].before, comm);
  slab.src = renamed(slab.src, r, comm);
  slab.dst = renamed(slab.dst, r, comm);
  for (std::size_t k = 0; k < cuts.size(); ++k)
    cut[k].after = cut_fraction(slab, cuts[k].after, comm);
  // Keep every edge; orient undirected ones (min, max) and sort, as import does.
  const bool by_sources = r.sources.num_vertices() == in.num_vertices && in.num_vertices > 0;
  text::apply_edge_policies(slab, in.directed, SelfLoopPolicy::kKeep, DuplicatePolicy::kKeep, comm,
                            by_sources ? &r.sources : nullptr);
  GraphWriteInfo info;
  info.num_vertices = in.num_vertices;
  info.directed = in.directed;
  info.weighted = in.weighted;
  info.ids = names ? VertexIdKind::kName : VertexIdKind::kInteger;
  info.source = source;
  write_graph_file(path, comm, slab, id_block(r, in.num_vertices, names, comm), info);
  return cut;
}

}  // namespace nexus::io
