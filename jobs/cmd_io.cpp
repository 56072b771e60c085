// Subcommands that make or show files: import (text -> graph file), generate (synthetic graph),
// inspect (what a graph or feature file holds).
#include <cxxopts.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "engine/error.hpp"
#include "engine/log.hpp"
#include "io/generate_rmat.hpp"
#include "io/graph_file.hpp"
#include "io/import.hpp"
#include "io/inspect.hpp"
#include "jobs/commands.hpp"

namespace nexus::jobs {
namespace {

io::TextFormat parse_format(const std::string& s) {
  if (s == "snap") return io::TextFormat::kSnap;
  if (s == "csv") return io::TextFormat::kCsv;
  if (s == "tsv") return io::TextFormat::kTsv;
  if (s == "mtx") return io::TextFormat::kMatrixMarket;
  throw UsageError("--format must be snap, csv, tsv or mtx, got '" + s + "'");
}

template <class Policy>
Policy parse_choice(const std::string& flag, const std::string& value,
                    std::initializer_list<std::pair<const char*, Policy>> choices) {
  std::string names;
  for (const auto& [n, p] : choices) {
    if (value == n) return p;
    names += (names.empty() ? "" : "|") + std::string(n);
  }
  throw UsageError("--" + flag + " must be " + names + ", got '" + value + "'");
}

}  // namespace

int cmd_import(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  cxxopts::Options o("nexus import", "Convert a text edge list into a Nexus graph file.");
  o.add_options()("input", "edge list (plain or .gz)", cxxopts::value<std::string>())(
      "o,output", "graph file to write", cxxopts::value<std::string>())(
      "format", "snap | csv | tsv | mtx (default: from the file name)",
      cxxopts::value<std::string>())("directed", "edges are directed (the default)")(
      "undirected", "edges are undirected")("one-based", "integer ids start at 1")(
      "weighted", "read a third column as the edge weight")(
      "string-ids", "ids are arbitrary strings (kept in /vertices/name)")(
      "self-loops", "keep | drop (default keep)", cxxopts::value<std::string>())(
      "duplicates", "keep | drop | sum (default keep)", cxxopts::value<std::string>())(
      "threads", "TBB threads per rank", cxxopts::value<int>())("h,help", "show this help");
  o.parse_positional({"input"});
  o.positional_help("INPUT");
  const auto args = o.parse(argc, argv);
  if (args.count("help")) {
    print0(rt, o.help());
    return 0;
  }
  if (!args.count("input")) throw UsageError("nexus import: no input file given");
  if (!args.count("output")) throw UsageError("nexus import: no output given (-o GRAPH.h5)");
  if (args.count("directed") && args.count("undirected"))
    throw UsageError("nexus import: --directed and --undirected exclude each other");
  io::ImportOptions opt;
  if (args.count("format")) opt.format = parse_format(args["format"].as<std::string>());
  opt.directed = !args.count("undirected");
  opt.one_based = args.count("one-based") > 0;
  opt.weighted = args.count("weighted") > 0;
  opt.string_ids = args.count("string-ids") > 0;
  if (args.count("self-loops"))
    opt.self_loops = parse_choice<io::SelfLoopPolicy>(
        "self-loops", args["self-loops"].as<std::string>(),
        {{"keep", io::SelfLoopPolicy::kKeep}, {"drop", io::SelfLoopPolicy::kDrop}});
  if (args.count("duplicates"))
    opt.duplicates =
        parse_choice<io::DuplicatePolicy>("duplicates", args["duplicates"].as<std::string>(),
                                          {{"keep", io::DuplicatePolicy::kKeep},
                                           {"drop", io::DuplicatePolicy::kDrop},
                                           {"sum", io::DuplicatePolicy::kSum}});
  const std::string output = args["output"].as<std::string>();
  cleanup.paths.push_back(output);
  rt.set_threads(args.count("threads") ? args["threads"].as<int>() : 0);
  rt.announce();
  const auto s = io::import_edge_list(args["input"].as<std::string>(), output, opt, rt.world());
  std::ostringstream m;
  m << "imported " << s.num_vertices << " vertices, " << s.num_edges << " edges ("
    << (s.directed ? "directed" : "undirected") << ") from " << s.lines << " lines; dropped "
    << s.self_loops_dropped << " self-loops, " << s.duplicates_dropped << " duplicates; "
    << s.seconds << " s (" << (s.seconds > 0 ? s.input_bytes / s.seconds / 1e6 : 0) << " MB/s)\n";
  print0(rt, m.str());
  return 0;
}

int cmd_generate(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  cxxopts::Options o("nexus generate",
                     "Write a synthetic graph: nexus generate rmat --scale S ...");
  io::RmatParams d;
  o.add_options()("kind", "rmat", cxxopts::value<std::string>())(
      "scale", "log2 of the vertex count", cxxopts::value<int>())(
      "edge-factor", "edges per vertex (default 16)", cxxopts::value<int>())(
      "seed", "random seed (default 1)", cxxopts::value<std::uint64_t>())(
      "o,output", "graph file to write", cxxopts::value<std::string>())(
      "threads", "TBB threads per rank", cxxopts::value<int>())("h,help", "show this help");
  o.parse_positional({"kind"});
  o.positional_help("rmat");
  const auto args = o.parse(argc, argv);
  if (args.count("help")) {
    print0(rt, o.help());
    return 0;
  }
  if (!args.count("kind") || args["kind"].as<std::string>() != "rmat")
    throw UsageError("nexus generate: the only generator is 'rmat'");
  if (!args.count("scale")) throw UsageError("nexus generate rmat: --scale is required");
  if (!args.count("output")) throw UsageError("nexus generate rmat: no output given (-o GRAPH.h5)");
  d.scale = args["scale"].as<int>();
  if (args.count("edge-factor")) d.edge_factor = args["edge-factor"].as<int>();
  if (args.count("seed")) d.seed = args["seed"].as<std::uint64_t>();
  const std::string output = args["output"].as<std::string>();
  cleanup.paths.push_back(output);
  rt.set_threads(args.count("threads") ? args["threads"].as<int>() : 0);
  rt.announce();
  const engine::EdgeSlab slab = io::generate_rmat(d, rt.world());
  io::GraphWriteInfo info{slab.num_vertices, false, false, io::VertexIdKind::kNone,
                          "generate rmat --scale " + std::to_string(d.scale) + " --edge-factor " +
                              std::to_string(d.edge_factor) + " --seed " + std::to_string(d.seed)};
  io::write_graph_file(output, rt.world(), slab, io::VertexIdBlock{}, info);
  print0(rt, "generated R-MAT scale " + std::to_string(d.scale) + ": " +
                 std::to_string(slab.num_vertices) + " vertices, " +
                 std::to_string(slab.num_edges) + " undirected edges -> " + output + "\n");
  return 0;
}

int cmd_inspect(int argc, char** argv, engine::Runtime& rt, Cleanup&) {
  cxxopts::Options o("nexus inspect", "Show what a Nexus graph or feature file holds.");
  o.add_options()("file", "graph or feature file", cxxopts::value<std::string>())("h,help",
                                                                                  "show this help");
  o.parse_positional({"file"});
  o.positional_help("FILE.h5");
  const auto args = o.parse(argc, argv);
  if (args.count("help")) {
    print0(rt, o.help());
    return 0;
  }
  if (!args.count("file")) throw UsageError("nexus inspect: no file given");
  std::ostringstream out;
  io::inspect_file(args["file"].as<std::string>(), out, rt.world());
  print0(rt, out.str());
  return 0;
}

}  // namespace nexus::jobs
