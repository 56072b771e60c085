// Checkpoints of a job (--checkpoint DIR, --checkpoint-every N, --checkpoint-seconds S,
// --resume): the directory's manifest (which job it belongs to), one engine::Checkpointer per
// task (when to save: every N steps, every S seconds, on SIGTERM/SIGUSR1/SIGUSR2, agreed by all
// ranks), and the saved outputs of completed tasks, so that a resumed job file skips them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/checkpoint.hpp"
#include "io/checkpoint_store.hpp"
#include "jobs/task.hpp"

namespace nexus::jobs {

struct CheckpointOptions {
  std::string dir;         // empty: no checkpoints
  std::int64_t every = 0;  // steps (iterations, levels); 0: not by count
  double seconds = 0;      // 0: not by time (600 when neither every nor seconds is given)
  bool resume = false;     // continue from the last complete checkpoint, if any
};

class JobCheckpoints {
 public:
  // Collective, before the graph is loaded: reads the graph header for its fingerprint and
  // checks the directory's manifest against this job (UsageError for another job); without
  // --resume, old checkpoints of the same job are removed. Installs the signal handlers.
  JobCheckpoints(const CheckpointOptions& o, const std::string& input,
                 const std::vector<Task>& tasks, const engine::Comm& comm);
  ~JobCheckpoints();
  bool enabled() const { return store_ != nullptr; }

  // Collective: the saved output of task k when resuming and it completed before.
  std::optional<TaskOutput> completed(std::size_t k, const LoadedGraph& lg);
  // The checkpointer for task k (null when checkpoints are off); valid until task_done.
  engine::Checkpointer* begin_task(std::size_t k);
  // Collective: saves task k's output, drops its step checkpoints; throws engine::Interrupted
  // when a stop signal arrived (the job resumes after this task).
  void task_done(std::size_t k, const TaskOutput& out, const LoadedGraph& lg);
  // Collective: after the feature file is written, deletes the job's checkpoint files.
  void finish();

 private:
  class TaskCheckpointer;
  io::CheckpointKey key(std::size_t k) const;
  std::string step_prefix(std::size_t k) const;
  std::string done_prefix(std::size_t k) const;
  void end_task();

  CheckpointOptions options_;
  const std::vector<Task>& tasks_;
  const engine::Comm& comm_;
  std::string fingerprint_;
  std::unique_ptr<io::CheckpointStore> store_;
  std::unique_ptr<TaskCheckpointer> current_;
  int saves_ = 0;       // checkpoints written by this process (for NEXUS_STOP_AFTER_CHECKPOINT)
  int stop_after_ = 0;  // test hook: stop after this many checkpoints (0: never)
};

}  // namespace nexus::jobs
