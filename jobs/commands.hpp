// The subcommands of the nexus binary. Each parses its own options (argv[0] is the subcommand
// name) and returns an exit code; errors are thrown and turned into exit codes by run_guarded.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/runtime.hpp"

namespace nexus::jobs {

// Files to remove if the command fails on this rank (outputs under construction).
struct Cleanup {
  std::vector<std::string> paths;
};

struct Command {
  std::string name;
  std::string summary;
  int (*run)(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
};

const std::vector<Command>& commands();

int cmd_import(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_generate(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_reorder(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_pagerank(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_fastrp(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_spectral(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_wcc(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_louvain(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_leiden(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_run(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_inspect(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_export(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);
int cmd_estimate(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup);

// Runs body; on an exception prints the message (once, if every rank failed alike; else on the
// failing rank, then ends the whole job) and returns or aborts with the matching exit code.
int run_guarded(engine::Runtime& rt, const std::function<int(Cleanup&)>& body);

// Prints on rank 0 only.
void print0(const engine::Runtime& rt, const std::string& text);

}  // namespace nexus::jobs
