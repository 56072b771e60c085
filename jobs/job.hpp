// A job: one input graph, a partition policy, several tasks over the one loaded graph, one feature
// file and an optional JSON report. `nexus pagerank ...` builds a one-task job; `nexus run` reads
// one from a TOML file. run_job is the driver: read, partition, run (verify), write, report.
#pragma once

#include <string>
#include <vector>

#include "engine/runtime.hpp"
#include "jobs/checkpointing.hpp"
#include "jobs/task.hpp"

namespace nexus::jobs {

struct JobSpec {
  std::string input;
  std::string output;
  std::string report;  // empty: no report file
  std::string partition = "uniform";
  bool verify = false;
  bool append = false;  // add the features to the existing `output` (same graph, new names)
  bool force = false;   // run even when the memory estimate exceeds the limit
  int threads = 0;      // 0: SLURM_CPUS_PER_TASK, else the affinity mask
  std::vector<Task> tasks;
  CheckpointOptions checkpoint;  // --checkpoint DIR etc. (off when dir is empty)
};

// Collective. Returns the exit code (0, or kExitVerifyFailed when a verifier failed); throws on
// errors.
int run_job(const JobSpec& spec, const engine::Runtime& rt);

// Reads a TOML job file (jobs/cmd_run.cpp); throws UsageError naming the file and the problem.
JobSpec parse_job_file(const std::string& file);

}  // namespace nexus::jobs
