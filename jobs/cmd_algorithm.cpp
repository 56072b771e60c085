// Algorithm subcommands (`nexus pagerank GRAPH -o FEATURES [options]`): common job options plus the
// algorithm's own, mapped onto the same parameter keys a job file uses (--max-iterations ->
// max_iterations). Defaults live in the algorithm's Params struct, not here.
#include <cxxopts.hpp>

#include "algorithms/community/modularity.hpp"
#include "algorithms/embedding/fastrp.hpp"
#include "algorithms/embedding/spectral.hpp"
#include "algorithms/pagerank/pagerank.hpp"
#include "engine/error.hpp"
#include "jobs/checkpoint_options.hpp"
#include "jobs/commands.hpp"
#include "jobs/job.hpp"
#include "jobs/params.hpp"

namespace nexus::jobs {
namespace {

struct AlgorithmOption {
  std::string flag;  // command-line spelling; the key replaces '-' by '_'
  std::string help;
  bool is_switch = false;
};

std::string key_of(const std::string& flag) {
  std::string k = flag;
  for (char& c : k)
    if (c == '-') c = '_';
  return k;
}

void add_common_options(cxxopts::Options& o) {
  o.add_options()("graph", "input graph file (HDF5, from nexus import/generate)",
                  cxxopts::value<std::string>())("o,output", "output feature file (HDF5)",
                                                 cxxopts::value<std::string>())(
      "threads",
      "TBB threads per rank (default: SLURM_CPUS_PER_TASK, else the CPUs this rank may use)",
      cxxopts::value<int>())("partition",
                             "vertex distribution: uniform | edge-balanced (default uniform)",
                             cxxopts::value<std::string>())(
      "report", "write a JSON report to this file", cxxopts::value<std::string>())(
      "verify", "check the result by an independent method (exit 5 if it fails)")(
      "append", "add the feature to the existing feature file -o FILE (same graph, new name)")(
      "force", "run even if the memory estimate exceeds the memory limit (else exit 7)")(
      "name", "feature name under /features (default: the algorithm)",
      cxxopts::value<std::string>())("h,help", "show this help");
  add_checkpoint_options(o);
  o.parse_positional({"graph"});
  o.positional_help("GRAPH.h5");
}

int run_algorithm(const std::string& algorithm, const std::vector<AlgorithmOption>& own, int argc,
                  char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  cxxopts::Options o("nexus " + algorithm, "");
  add_common_options(o);
  for (const auto& a : own) {
    if (a.is_switch)
      o.add_options(algorithm)(a.flag, a.help);
    else
      o.add_options(algorithm)(a.flag, a.help, cxxopts::value<std::string>());
  }
  const auto args = o.parse(argc, argv);
  if (args.count("help")) {
    print0(rt, o.help({"", algorithm, "checkpoint"}));
    return 0;
  }
  ParamMap params("nexus " + algorithm);
  for (const auto& a : own)
    if (args.count(a.flag))
      params.set(key_of(a.flag),
                 a.is_switch ? ParamValue(true) : ParamValue(args[a.flag].as<std::string>()));
  if (args.count("name")) params.set("name", args["name"].as<std::string>());
  JobSpec spec;
  if (!args.count("graph")) throw UsageError("nexus " + algorithm + ": no input graph given");
  spec.input = args["graph"].as<std::string>();
  if (!args.count("output")) throw UsageError("nexus " + algorithm + ": no output given (-o FILE)");
  spec.output = args["output"].as<std::string>();
  if (args.count("report")) spec.report = args["report"].as<std::string>();
  if (args.count("partition")) spec.partition = args["partition"].as<std::string>();
  spec.verify = args.count("verify") > 0;
  spec.append = args.count("append") > 0;
  spec.force = args.count("force") > 0;
  spec.threads = args.count("threads") ? args["threads"].as<int>() : 0;
  spec.tasks.push_back(make_task(algorithm, params));
  spec.checkpoint = checkpoint_options(args);
  partition::parse_policy(spec.partition);  // fail on a bad policy before loading
  cleanup.paths.push_back(spec.output);
  rt.set_threads(spec.threads);
  rt.announce();
  return run_job(spec, rt);
}

}  // namespace

int cmd_pagerank(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  const algo::PageRankParams d;
  return run_algorithm(
      "pagerank",
      {{"damping", "probability of following an arc (default " + shortest_text(d.damping) + ")"},
       {"tolerance",
        "stop when the L1 change is below this (default 1e-10; 0 = run max-iterations)"},
       {"max-iterations", "iteration limit (default " + std::to_string(d.max_iterations) + ")"},
       {"weighted", "use edge weights", true},
       {"sources", "personalise: teleport only to these vertices (original ids, comma-separated)"}},
      argc, argv, rt, cleanup);
}

int cmd_fastrp(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  const algo::FastRPParams d;
  return run_algorithm(
      "fastrp",
      {{"dim", "embedding dimension (default " + std::to_string(d.dim) + ")"},
       {"iteration-weights",
        "weights of the propagation steps 1..k, comma-separated (default 0,0,1,6.67)"},
       {"normalization-strength", "random vectors scaled by degree^this (default " +
                                      shortest_text(d.normalization_strength) + ")"},
       {"self-influence", "weight of the random vector itself (default 0)"},
       {"sparsity", "a random component is non-zero with probability 1/this (default 3)"},
       {"seed", "random seed (default " + std::to_string(d.seed) + ")"},
       {"weighted", "use edge weights", true},
       {"standardize", "standardise columns: true | false (default true)"},
       {"normalize-iterations",
        "L2-normalise each iterate's rows before the weighted sum: true | false (default true)"},
       {"block-columns",
        "columns computed together (default 0: all, or blocks chosen to fit the memory limit); "
        "the embedding is the same"}},
      argc, argv, rt, cleanup);
}

int cmd_spectral(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  const algo::SpectralParams d;
  return run_algorithm(
      "spectral",
      {{"dim", "embedding dimension (default " + std::to_string(d.dim) + ")"},
       {"steps", "order of the Chebyshev expansion (default " + std::to_string(d.steps) + ")"},
       {"theta", "bandwidth of the spectral filter (default 0.5)"},
       {"mu", "centre shift of the spectral filter (default 0.2)"},
       {"seed", "random seed (default " + std::to_string(d.seed) + ")"},
       {"oversampling", "extra columns of the randomized SVD (default 10)"},
       {"power-iterations", "subspace iterations of the randomized SVD (default 5)"},
       {"weighted", "use edge weights", true}},
      argc, argv, rt, cleanup);
}

// Options shared by louvain and leiden (defaults from the Params structs).
template <class P>
std::vector<AlgorithmOption> modularity_options(const P& d) {
  return {{"resolution", "resolution, > 0 (modularity: default " + shortest_text(d.resolution) +
                             "; cpm: required, the density a community must exceed)"},
          {"objective", "modularity | cpm (Constant Potts Model; default modularity)"},
          {"seed", "seed of the vertex schedule (default " + std::to_string(d.seed) + ")"},
          {"weighted", "use edge weights", true},
          {"tolerance", "quality gain that ends a round or a level (default 1e-7)"},
          {"max-levels", "aggregation levels (default " + std::to_string(d.max_levels) + ")"},
          {"max-iterations",
           "local-moving rounds per level (default " + std::to_string(d.max_iterations) + ")"},
          {"sub-rounds", "colour classes per round (default " + std::to_string(d.sub_rounds) + ")"},
          {"max-passes", "multilevel runs, each from the previous result (default " +
                             std::to_string(d.max_passes) + ")"},
          {"pass-tolerance", "quality gain a pass needs for another one to follow (default 1e-3)"},
          {"levels", "also write every level's communities as /features/<name>_level_<k>", true}};
}

int cmd_wcc(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  return run_algorithm("wcc",
                       {{"seed", "accepted for uniformity; WCC is deterministic"},
                        {"max-iterations", "propagation rounds (default 0 = until converged)"}},
                       argc, argv, rt, cleanup);
}

int cmd_louvain(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  return run_algorithm("louvain", modularity_options(algo::LouvainParams{}), argc, argv, rt,
                       cleanup);
}

int cmd_leiden(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  return run_algorithm("leiden", modularity_options(algo::LeidenParams{}), argc, argv, rt, cleanup);
}

}  // namespace nexus::jobs
