// The nexus binary: `nexus SUBCOMMAND ...`. Starts the runtime and dispatches.
#include <cstdio>
#include <cstring>
#include <string>

#include "engine/runtime.hpp"
#include "jobs/commands.hpp"
#include "jobs/exit_codes.hpp"

namespace nexus::jobs {

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"import", "convert a text edge list (SNAP, CSV/TSV, Matrix Market, gzip) to a graph file",
       cmd_import},
      {"generate", "write a synthetic graph (generate rmat --scale S ...)", cmd_generate},
      {"reorder", "renumber a graph's vertices community by community (fewer cut edges)",
       cmd_reorder},
      {"pagerank", "PageRank scores -> /features/pagerank", cmd_pagerank},
      {"fastrp", "FastRP node embeddings -> /features/fastrp", cmd_fastrp},
      {"spectral", "spectral (ProNE) node embeddings -> /features/spectral", cmd_spectral},
      {"wcc", "weakly connected components -> /features/wcc", cmd_wcc},
      {"louvain", "Louvain communities (modularity) -> /features/louvain", cmd_louvain},
      {"leiden", "Leiden communities (connected, modularity) -> /features/leiden", cmd_leiden},
      {"run", "run a job file (several tasks over one loaded graph)", cmd_run},
      {"inspect", "show what a graph or feature file holds", cmd_inspect},
      {"export", "rewrite a feature file for pandas.read_hdf (--format pandas)", cmd_export},
      {"estimate", "memory per rank a job will need (estimate GRAPH.h5 ALGORITHM --ranks P)",
       cmd_estimate},
  };
  return all;
}

std::string usage() {
  std::string s = "nexus " NEXUS_VERSION
                  " - distributed graph analytics (MPI ranks x TBB threads)\n\n"
                  "usage: [mpirun -np N] nexus SUBCOMMAND [options]\n\nsubcommands:\n";
  for (const auto& c : commands()) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-10s %s\n", c.name.c_str(), c.summary.c_str());
    s += line;
  }
  s += "\n`nexus SUBCOMMAND --help` shows a subcommand's options.\n";
  return s;
}

}  // namespace nexus::jobs

int main(int argc, char** argv) {
  using namespace nexus;
  engine::Runtime rt(argc, argv);
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    jobs::print0(rt, jobs::usage());
    return argc < 2 ? jobs::kExitUsage : jobs::kExitOk;
  }
  if (!std::strcmp(argv[1], "--version")) {
    jobs::print0(rt, "nexus " NEXUS_VERSION "\n");
    return jobs::kExitOk;
  }
  for (const auto& c : jobs::commands())
    if (c.name == argv[1])
      return jobs::run_guarded(
          rt, [&](jobs::Cleanup& cl) { return c.run(argc - 1, argv + 1, rt, cl); });
  if (rt.world().rank() == 0)
    std::fprintf(stderr, "nexus: unknown subcommand '%s'\n\n%s", argv[1], jobs::usage().c_str());
  return jobs::kExitUsage;
}
