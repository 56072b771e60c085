// Runtime (RAII): MPI_Init_thread(FUNNELED) with the granted level checked, the TBB thread cap for
// this rank, and one line on rank 0 saying ranks x threads (and a warning on any rank given more
// threads than its affinity mask has CPUs). Threads per rank come from the request, else
// SLURM_CPUS_PER_TASK, else the process's affinity mask.
#pragma once

#include <memory>

#include "engine/comm.hpp"

namespace nexus::engine {

class Runtime {
 public:
  // Starts MPI. The thread cap is set by set_threads (until then TBB's default applies).
  Runtime(int& argc, char**& argv);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  const Comm& world() const { return *world_; }
  int num_threads() const { return threads_; }
  // requested <= 0 means "choose" (SLURM_CPUS_PER_TASK, else the affinity mask).
  void set_threads(int requested);
  // Prints "nexus: R ranks x T threads" on rank 0 (once; drivers call it after parsing options).
  void announce() const;

  // Ends every rank of the job with `code` (MPI_Abort); for jobs/ after an error on one rank.
  [[noreturn]] static void abort_job(int code);

 private:
  struct TbbCap;
  std::unique_ptr<Comm> world_;
  std::unique_ptr<TbbCap> cap_;
  int threads_ = 1;
};

// The thread count rule, exposed for tests: requested > 0 wins, then SLURM_CPUS_PER_TASK, then the
// number of CPUs in the affinity mask (at least 1).
int choose_thread_count(int requested);

// The number of CPUs this process may run on (its affinity mask), 0 if it cannot be read.
int affinity_cpus();

}  // namespace nexus::engine
