// The job report: effective configuration, ranks and threads, per-phase times (maximum over
// ranks), partition metrics, and each task's summary (iterations, convergence, top vertices).
// Written as JSON by rank 0 (--report FILE) and summarised on stdout.
#pragma once

#include <string>

#include "engine/runtime.hpp"
#include "engine/timer.hpp"
#include "jobs/json.hpp"
#include "jobs/loaded_graph.hpp"
#include "jobs/task.hpp"

namespace nexus::jobs {

class Report {
 public:
  // Collective (gathers the graph memory of every rank).
  Report(const Json& config, const engine::Runtime& rt, const LoadedGraph& lg);
  void add_task(const Task& task, const TaskOutput& out);
  // Collective: phase times become the maximum over ranks; peak memory per rank is gathered.
  void finish(const engine::PhaseTimer& timer, const engine::Comm& comm);
  // Rank 0 writes the file (to a temporary name, then renamed). Not collective.
  void write(const std::string& path, const engine::Comm& comm) const;
  void print_summary(const engine::Comm& comm) const;

 private:
  Json root_ = Json::object();
  Json tasks_ = Json::array();
  std::vector<std::pair<std::string, std::string>> summary_lines_;
  std::vector<std::pair<std::string, double>> phase_lines_;
};

// Peak resident memory of this process in bytes (VmHWM), 0 if unknown.
std::uint64_t peak_resident_bytes();

}  // namespace nexus::jobs
