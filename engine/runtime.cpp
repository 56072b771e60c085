// Runtime: MPI and TBB start-up and shut-down.
#include "engine/runtime.hpp"

#include <malloc.h>
#include <mpi.h>
#include <sched.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/error.hpp"
#include "engine/log.hpp"
#include "engine/mpi_handle.hpp"

namespace nexus::engine {

struct Runtime::TbbCap {
  explicit TbbCap(int n) : control(tbb::global_control::max_allowed_parallelism, n) {}
  tbb::global_control control;
};

int choose_thread_count(int requested) {
  if (requested > 0) return requested;
  if (const char* s = std::getenv("SLURM_CPUS_PER_TASK")) {
    char* end = nullptr;
    const long n = std::strtol(s, &end, 10);
    if (end != s && *end == '\0' && n > 0) return static_cast<int>(n);
  }
  return std::max(1, affinity_cpus());
}

int affinity_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  return sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 0;
}

// The allocator keeps blocks up to 32 MiB in its heap and gives back freed memory beyond 64 MiB.
// glibc's default starts at 128 KiB (mmap for larger blocks, raised as they are freed) and trims
// the heap when 2x that is free at its top, so the per-round buffers of the community phases
// (snapshots, moves, exchange buffers of a few MiB) came back as fresh, zero-filled pages every
// sub-round: page faults were 18 % of Leiden's profile on Slashdot. Blocks above 32 MiB (the
// arrays of large graphs) still come from mmap and go back whole, so peaks do not grow (R-MAT 20
// Louvain +1 %; figures in docs/benchmarks.md). GLIBC_TUNABLES, when set, is left to decide.
namespace {

void tune_allocator() {
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

}  // namespace

Runtime::Runtime(int& argc, char**& argv) {
  tune_allocator();
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    // Ranks waiting in a collective yield the core instead of spinning on it: Nexus runs ranks x
    // threads = cores, so a spinning rank takes the core another rank's threads need (figures and
    // the cost for latency-bound runs: docs/cluster.md). `--mca mpi_yield_when_idle 0` (which
    // mpirun passes in this variable) still wins.
    setenv("OMPI_MCA_mpi_yield_when_idle", "1", /*overwrite=*/0);
    int provided = 0;
    check_mpi(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    if (provided < MPI_THREAD_FUNNELED)
      throw SystemError("MPI does not grant MPI_THREAD_FUNNELED (got level " +
                        std::to_string(provided) + ")");
  }
  world_ = std::make_unique<Comm>(Comm::world());
  // NEXUS_LOG=debug shows per-phase detail (rounds, moves, levels); NEXUS_LOG=quiet hides progress.
  if (const char* level = std::getenv("NEXUS_LOG")) {
    const std::string_view l(level);
    if (l == "debug") set_log_level(LogLevel::kDebug);
    if (l == "quiet") set_log_level(LogLevel::kQuiet);
  }
}

void Runtime::set_threads(int requested) {
  threads_ = choose_thread_count(requested);
  cap_.reset();
  cap_ = std::make_unique<TbbCap>(threads_);
}

Runtime::~Runtime() {
  cap_.reset();
  world_.reset();
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

void Runtime::announce() const {
  info(*world_, "nexus: " + std::to_string(world_->size()) + " ranks x " +
                    std::to_string(threads_) + " threads");
  // mpirun binds a rank to one core by default (at up to 2 ranks), and then T threads take turns
  // on it: a run as slow as one thread, with no other sign of why. (Threads beyond the machine's
  // CPUs, with the mask not narrowed, are a choice: no warning.)
  const int cpus = affinity_cpus();
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  if (cpus > 0 && threads_ > cpus && cpus < online)
    warn(*world_,
         std::to_string(threads_) + " threads, but this rank may run on only " +
             std::to_string(cpus) + " of the " + std::to_string(online) +
             " CPUs (its affinity mask), so the threads will take turns. mpirun binds "
             "each rank to one core by default: start the job with "
             "cluster/nexus-mpirun, `mpirun --bind-to none`, or `mpirun --map-by slot:PE=" +
             std::to_string(threads_) + " --bind-to core` (docs/cluster.md)");
}

void Runtime::abort_job(int code) {
  std::fflush(stdout);
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);  // not reached
}

}  // namespace nexus::engine
