// `nexus reorder GRAPH.h5 -o ORDERED.h5`: the same graph with its vertices numbered community by
// community (Louvain's hierarchy: final community, then each level's community from the top, then
// the old id), so that the contiguous id ranges every rank owns cut few edges and neighbours sit
// close in memory. Original ids travel along, so feature files still name vertices by them.
#include <cxxopts.hpp>

#include <filesystem>
#include <sstream>

#include "engine/error.hpp"
#include "engine/log.hpp"
#include "engine/operators.hpp"
#include "engine/timer.hpp"
#include "engine/vertex_array.hpp"
#include "io/graph_relabel.hpp"
#include "jobs/commands.hpp"
#include "jobs/loaded_graph.hpp"
#include "jobs/memory_check.hpp"
#include "jobs/task.hpp"
#include "partition/key_order.hpp"
#include "partition/policies.hpp"

namespace nexus::jobs {
namespace {

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return a == b || std::filesystem::equivalent(a, b, ec);
}

// Per owned vertex: its final community, then its community on every level from the top.
std::vector<std::uint64_t> hierarchy_keys(const TaskOutput& o, std::size_t owned,
                                          std::size_t& width) {
  width = 1 + o.extra.size();
  std::vector<std::uint64_t> keys(owned * width);
  for (std::size_t v = 0; v < owned; ++v) {
    keys[v * width] = static_cast<std::uint64_t>(o.i64[v]);
    for (std::size_t l = 0; l < o.extra.size(); ++l)
      keys[v * width + 1 + l] = static_cast<std::uint64_t>(o.extra[o.extra.size() - 1 - l].i64[v]);
  }
  return keys;
}

// The id ranges `parts` ranks would own, over the old ids and over the new ones: equal vertex
// counts (uniform) and equal arc counts (edge-balanced, from the loaded graph's degrees).
std::vector<io::RangeCut> range_cuts(const engine::DistGraph& g,
                                     const std::vector<engine::GlobalVertex>& label, int parts,
                                     const engine::Comm& comm) {
  const std::uint64_t n = g.num_global_vertices();
  partition::EndpointHistogram old_ids(n, parts), new_ids(n, parts);
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) {
    const std::uint64_t ends = g.out_degree(v) + (g.directed() ? g.in_degree(v) : 0);
    old_ids.add(g.to_global(v), ends);
    new_ids.add(label[v], ends);
  }
  const auto uniform = partition::uniform(n, parts);
  return {{uniform, uniform},
          {partition::balanced(std::move(old_ids), comm, 1.0, parts),
           partition::balanced(std::move(new_ids), comm, 1.0, parts)}};
}

// Ranges of the new ids with about equal numbers of edges by their new source (the smaller end
// of an undirected edge), for the rewrite's sort: equal id ranges can give one rank most edges.
engine::VertexDistribution source_ranges(const engine::DistGraph& g,
                                         const std::vector<engine::GlobalVertex>& label,
                                         const engine::Comm& comm) {
  engine::VertexArray<engine::GlobalVertex> l(g);
  std::copy(label.begin(), label.end(), l.owned().begin());
  engine::sync_ghosts(g, comm, l);
  partition::EndpointHistogram sources(g.num_global_vertices(), comm.size());
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) {
    if (g.directed()) {
      sources.add(l[v], g.out_degree(v));
      continue;
    }
    std::uint64_t smaller_end = 0;  // each undirected edge is an arc at both ends
    for (const engine::LocalVertex u : g.out_neighbors(v)) smaller_end += l[v] <= l[u];
    sources.add(l[v], smaller_end);
  }
  return partition::balanced(std::move(sources), comm);
}

std::string fixed(double x, int digits) {
  std::ostringstream s;
  s.precision(digits);
  s << std::fixed << x;
  return s.str();
}

std::string percent(double x) {
  return fixed(100 * x, 1) + "%";
}

}  // namespace

int cmd_reorder(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  cxxopts::Options o("nexus reorder",
                     "Rewrite a graph file with its vertices numbered community by community.");
  o.add_options()("graph", "input graph file", cxxopts::value<std::string>())(
      "o,output", "graph file to write", cxxopts::value<std::string>())(
      "resolution", "Louvain resolution, > 0 (default 1)", cxxopts::value<std::string>())(
      "seed", "Louvain's seed (default 1)", cxxopts::value<std::string>())(
      "weighted", "use edge weights for the communities")("threads", "TBB threads per rank",
                                                          cxxopts::value<int>())(
      "partition", "vertex distribution for the Louvain run: uniform | edge-balanced",
      cxxopts::value<std::string>())(
      "force", "run even if the memory estimate exceeds the memory limit (else exit 7)")(
      "h,help", "show this help");
  o.parse_positional({"graph"});
  o.positional_help("GRAPH.h5");
  const auto args = o.parse(argc, argv);
  if (args.count("help")) {
    print0(rt, o.help());
    return 0;
  }
  if (!args.count("graph")) throw UsageError("nexus reorder: no input graph given");
  if (!args.count("output")) throw UsageError("nexus reorder: no output given (-o GRAPH.h5)");
  const std::string input = args["graph"].as<std::string>();
  const std::string output = args["output"].as<std::string>();
  if (same_file(input, output))
    throw UsageError("nexus reorder: the output must be another file than the input " + input);
  ParamMap params("nexus reorder");
  if (args.count("resolution")) params.set("resolution", args["resolution"].as<std::string>());
  if (args.count("seed")) params.set("seed", args["seed"].as<std::string>());
  if (args.count("weighted")) params.set("weighted", true);
  std::vector<Task> tasks = reorder_tasks(params);  // Louvain, then the rewrite
  Task& louvain = tasks.front();
  const auto policy = partition::parse_policy(
      args.count("partition") ? args["partition"].as<std::string>() : "uniform");
  cleanup.paths.push_back(output);
  rt.set_threads(args.count("threads") ? args["threads"].as<int>() : 0);
  rt.announce();
  const engine::Comm& comm = rt.world();
  engine::PhaseTimer timer;
  io::GraphHeader header;
  io::Relabelling r;
  std::string found;
  const int ranges = std::max(comm.size(), 2);
  std::vector<io::RangeCut> cuts;
  {
    LoadedGraph lg = load_graph(
        input, policy, louvain.needs_weights, comm, timer,
        [&](const engine::EdgeSlab& slab, const engine::VertexDistribution& dist) {
          check_memory(slab, dist, tasks, rt.num_threads(), args.count("force") > 0, comm);
        });
    timer.start("communities");
    const TaskOutput communities = louvain.run(lg, comm, false, nullptr);
    timer.stop();
    timer.start("order");
    std::size_t width = 0;
    const auto keys = hierarchy_keys(communities, lg.graph.num_owned(), width);
    r.dist = lg.graph.distribution();
    r.label = partition::labels_in_key_order(keys, width, r.dist, comm);
    cuts = range_cuts(lg.graph, r.label, ranges, comm);
    r.sources = source_ranges(lg.graph, r.label, comm);
    timer.stop();
    r.ids = std::move(lg.node_ids);
    r.names = std::move(lg.node_names);
    header = lg.header;
    found = communities.headline;
  }  // the loaded graph is freed before the edges are read again
  timer.start("write");
  const std::string source = "reorder " + input + " (Louvain communities, resolution " +
                             louvain.params["resolution"].dump() + ", seed " +
                             louvain.params["seed"].dump() + ")";
  const auto cut = io::write_relabelled_graph(header, output, r, source, cuts, comm);
  timer.stop();
  std::ostringstream m;
  m << "reordered " << header.num_vertices << " vertices by " << found << " -> " << output
    << "\nedges cut by " << ranges << " ranks: edge-balanced " << percent(cut[1].before) << " -> "
    << percent(cut[1].after) << ", uniform " << percent(cut[0].before) << " -> "
    << percent(cut[0].after) << "\ntime:";
  for (const auto& [phase, seconds] : timer.phases())
    m << " " << phase << " " << fixed(seconds, 3) << "s";
  print0(rt, m.str() + "\n");
  return 0;
}

}  // namespace nexus::jobs
