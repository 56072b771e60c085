// load_graph and original-id lookup.
#include "jobs/loaded_graph.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

#include "engine/error.hpp"
#include "engine/log.hpp"

namespace nexus::jobs {

namespace {

void log_metrics(const LoadedGraph& lg, const engine::Comm& comm) {
  const auto& m = lg.metrics;
  std::ostringstream s;
  s << "partition " << partition::policy_name(lg.policy) << ": " << lg.header.num_vertices
    << " vertices, " << m.total_arcs << " arcs; per rank (owned/arcs/ghosts):";
  for (std::size_t r = 0; r < m.owned_per_rank.size(); ++r)
    s << " " << m.owned_per_rank[r] << "/" << m.arcs_per_rank[r] << "/" << m.ghosts_per_rank[r];
  s << "; edge cut " << m.edge_cut_fraction << ", imbalance " << m.imbalance;
  engine::info(comm, s.str());
}

}  // namespace

LoadedGraph load_graph(const std::string& path, partition::Policy policy, bool with_weights,
                       const engine::Comm& comm, engine::PhaseTimer& timer,
                       const BeforeBuild& before_build) {
  LoadedGraph lg;
  lg.policy = policy;
  timer.start("read");
  lg.header = io::read_graph_header(path, comm);
  engine::EdgeSlab slab = io::read_edge_slab(lg.header, comm, with_weights);
  timer.start("partition");
  const auto dist = partition::choose(policy, slab, comm);
  if (before_build) before_build(slab, dist);
  try {
    lg.graph = partition::build_dist_graph(std::move(slab), dist, comm);
  } catch (const InputError& e) {  // e.g. more vertices than the ranks can hold: name the file
    throw InputError(path + ": " + e.what());
  }
  lg.metrics = partition::partition_metrics(lg.graph, comm);
  timer.start("read");
  const auto begin = lg.graph.first_owned(), end = begin + lg.graph.num_owned();
  if (lg.header.ids == io::VertexIdKind::kName)
    lg.node_names = io::read_vertex_names(lg.header, comm, begin, end);
  else
    lg.node_ids = io::read_vertex_ids(lg.header, comm, begin, end);
  timer.stop();
  log_metrics(lg, comm);
  return lg;
}

std::string original_id(const LoadedGraph& lg, engine::LocalVertex v) {
  return lg.node_names.empty() ? std::to_string(lg.node_ids[v]) : lg.node_names[v];
}

std::vector<engine::GlobalVertex> resolve_original_ids(const LoadedGraph& lg,
                                                       const std::vector<std::string>& ids,
                                                       const engine::Comm& comm) {
  struct Hit {
    std::uint64_t index;
    engine::GlobalVertex global;
  };
  // Integer-id graphs compare numbers (an id that is not a number matches nothing).
  std::vector<std::pair<std::int64_t, std::uint64_t>> wanted;  // (id, index), sorted
  if (lg.node_names.empty())
    for (std::size_t k = 0; k < ids.size(); ++k) {
      std::int64_t x = 0;
      const char* end = ids[k].data() + ids[k].size();
      const auto [p, ec] = std::from_chars(ids[k].data(), end, x);
      if (ec == std::errc() && p == end) wanted.emplace_back(x, k);
    }
  std::sort(wanted.begin(), wanted.end());
  std::vector<Hit> local;
  for (engine::LocalVertex v = 0; v < lg.graph.num_owned(); ++v) {
    if (lg.node_names.empty()) {
      auto it = std::lower_bound(wanted.begin(), wanted.end(), std::make_pair(lg.node_ids[v], 0ul));
      for (; it != wanted.end() && it->first == lg.node_ids[v]; ++it)
        local.push_back({it->second, lg.graph.to_global(v)});
    } else {
      for (std::size_t k = 0; k < ids.size(); ++k)
        if (ids[k] == lg.node_names[v]) local.push_back({k, lg.graph.to_global(v)});
    }
  }
  const auto hits = comm.allgatherv(local);
  std::vector<engine::GlobalVertex> out(ids.size(), ~engine::GlobalVertex{0});
  for (const Hit& h : hits) out[h.index] = h.global;
  for (std::size_t k = 0; k < ids.size(); ++k)
    if (out[k] == ~engine::GlobalVertex{0})
      throw UsageError("vertex id '" + ids[k] + "' is not a vertex of " + lg.header.path);
  return out;
}

}  // namespace nexus::jobs
