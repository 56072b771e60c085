// `nexus estimate`: the memory per rank a job will need, before running it. For a graph file the
// edges are scanned once (by however many ranks run the command) to measure the largest rank's
// arcs and ghosts for the target rank count; for --vertices/--edges the shape is modelled from the
// counts alone; a job file (JOB.toml) supplies the graph and all its tasks.
#include <cxxopts.hpp>

#include <cstdio>

#include "engine/error.hpp"
#include "io/graph_file.hpp"
#include "jobs/commands.hpp"
#include "jobs/job.hpp"
#include "jobs/memory_check.hpp"
#include "jobs/memory_limit.hpp"
#include "jobs/partition_profile.hpp"

namespace nexus::jobs {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The largest rank's shape for `ranks` ranks, measured from the graph file's edges.
memory::RankShape measure_shape(const std::string& path, partition::Policy policy, int ranks,
                                bool with_weights, const engine::Comm& comm) {
  const io::GraphHeader h = io::read_graph_header(path, comm);
  const engine::EdgeSlab slab = io::read_edge_slab(h, comm, with_weights);
  if (policy == partition::Policy::kEdgeBalanced && ranks == comm.size())
    return profile_partition(slab, partition::choose(policy, slab, comm), slab.weighted, comm);
  memory::RankShape s = profile_partition(
      slab, engine::VertexDistribution::uniform(h.num_vertices, ranks), slab.weighted, comm);
  if (policy == partition::Policy::kEdgeBalanced) {  // modelled: arcs balanced to within 5%
    const auto balanced =
        memory::shape_from_counts(h.num_vertices, h.num_edges, h.directed, slab.weighted, ranks);
    s.out_arcs = balanced.out_arcs;
    s.in_arcs = balanced.in_arcs;
  }
  return s;
}

std::string line(const std::string& name, std::uint64_t bytes) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "  %-22s %14llu  (%s)\n", name.c_str(),
                static_cast<unsigned long long>(bytes), memory::human_bytes(bytes).c_str());
  return buf;
}

}  // namespace

int cmd_estimate(int argc, char** argv, engine::Runtime& rt, Cleanup&) {
  cxxopts::Options o(
      "nexus estimate",
      "Memory per rank a job will need: estimate GRAPH.h5 ALGORITHM [options] (an algorithm "
      "or reorder), estimate --vertices N --edges M ALGORITHM [options], estimate JOB.toml");
  o.add_options()("args", "GRAPH.h5 ALGORITHM, ALGORITHM, or JOB.toml",
                  cxxopts::value<std::vector<std::string>>())(
      "ranks", "ranks of the job (default: the ranks running this command)", cxxopts::value<int>())(
      "threads", "threads per rank (default: as a job would choose)", cxxopts::value<int>())(
      "partition", "uniform | edge-balanced (default uniform)", cxxopts::value<std::string>())(
      "vertices", "vertex count (instead of a graph file)", cxxopts::value<std::uint64_t>())(
      "edges", "edge count as stored (an undirected edge once)", cxxopts::value<std::uint64_t>())(
      "directed", "with --vertices/--edges: a directed graph (the default)")(
      "undirected", "with --vertices/--edges: an undirected graph")("h,help", "show this help");
  o.add_options("algorithm")("dim", "embedding dimension", cxxopts::value<std::string>())(
      "oversampling", "spectral: extra columns", cxxopts::value<std::string>())(
      "steps", "spectral: Chebyshev order", cxxopts::value<std::string>())(
      "iteration-weights", "fastrp: propagation weights", cxxopts::value<std::string>())(
      "block-columns", "fastrp: columns computed together (0: automatic)",
      cxxopts::value<std::string>())("weighted", "the algorithm uses edge weights");
  o.parse_positional({"args"});
  o.positional_help("GRAPH.h5 ALGORITHM | ALGORITHM | JOB.toml");
  const auto args = o.parse(argc, argv);
  if (args.count("help")) {
    print0(rt, o.help({"", "algorithm"}));
    return 0;
  }
  auto pos =
      args.count("args") ? args["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
  const bool counts = args.count("vertices") || args.count("edges");
  JobSpec spec;
  if (!pos.empty() && ends_with(pos[0], ".toml")) {
    if (pos.size() != 1) throw UsageError("nexus estimate: a job file takes no algorithm");
    spec = parse_job_file(pos[0]);
  } else {
    if (!counts && !pos.empty()) spec.input = pos[0], pos.erase(pos.begin());
    if (pos.size() != 1)
      throw UsageError("nexus estimate: name one algorithm (after the graph file, if any)");
    ParamMap params("nexus estimate " + pos[0]);
    for (const char* flag : {"dim", "oversampling", "steps", "iteration-weights", "block-columns"})
      if (args.count(flag)) {
        std::string key = flag;
        for (char& c : key) c = c == '-' ? '_' : c;
        params.set(key, args[flag].as<std::string>());
      }
    if (args.count("weighted")) params.set("weighted", true);
    if (pos[0] == "reorder")
      spec.tasks = reorder_tasks(params);
    else
      spec.tasks.push_back(make_task(pos[0], params));
  }
  if (args.count("partition")) spec.partition = args["partition"].as<std::string>();
  const partition::Policy policy = partition::parse_policy(spec.partition);
  const engine::Comm& comm = rt.world();
  const int ranks = args.count("ranks") ? args["ranks"].as<int>() : comm.size();
  if (ranks < 1) throw UsageError("nexus estimate: --ranks must be >= 1");
  const int threads =
      engine::choose_thread_count(args.count("threads") ? args["threads"].as<int>() : spec.threads);
  bool weights = false;
  for (const Task& t : spec.tasks) weights = weights || t.needs_weights;
  memory::RankShape shape;
  std::string what;
  if (counts) {
    if (!args.count("vertices") || !args.count("edges"))
      throw UsageError("nexus estimate: give both --vertices and --edges");
    const auto n = args["vertices"].as<std::uint64_t>(), m = args["edges"].as<std::uint64_t>();
    shape = memory::shape_from_counts(n, m, !args.count("undirected"), weights, ranks);
    what = std::to_string(n) + " vertices, " + std::to_string(m) + " edges (modelled shape)";
  } else {
    if (spec.input.empty()) throw UsageError("nexus estimate: no graph file or --vertices/--edges");
    shape = measure_shape(spec.input, policy, ranks, weights, comm);
    what = spec.input + " (measured shape)";
  }
  const MemoryLimit limit = memory_per_rank(comm);
  std::vector<memory::TaskShape> shapes = task_shapes(spec.tasks);
  const memory::Estimate e = memory::fit_blocks(shape, shapes, threads, limit.bytes);
  std::string out = "graph: " + what + "\njob: " + std::to_string(ranks) + " ranks x " +
                    std::to_string(threads) + " threads, partition " + spec.partition + "\n";
  out += "largest rank: " + std::to_string(shape.owned) + " owned vertices, " +
         std::to_string(shape.ghosts) + " ghosts, " + std::to_string(shape.out_arcs) +
         " out-arcs, " + std::to_string(shape.in_arcs) + " in-arcs\nphases (bytes per rank):\n";
  out += line("baseline", e.baseline) + line("graph (resident)", e.graph);
  for (const auto& p : e.phases) out += line(p.name, p.bytes);
  out += "bytes_per_rank: " + std::to_string(e.peak) + "\n";
  out += "peak_phase: " + e.peak_phase + "\n";
  out += "limit_per_rank_here: " + std::to_string(limit.bytes) + " (" + limit.source + ")\n";
  for (std::size_t k = 0; k < shapes.size(); ++k)
    if (shapes[k].block_columns > 0)
      out += "block_columns " + spec.tasks[k].dataset + ": " +
             std::to_string(shapes[k].block_columns) + " of " + std::to_string(shapes[k].dim) +
             "\n";
  print0(rt, out);
  return 0;
}

}  // namespace nexus::jobs
