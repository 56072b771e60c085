// The memory check every job makes before it builds the graph: the estimate (memory_model.hpp) for
// the measured shape of the largest rank against the memory each rank may use (memory_limit.hpp).
// A job that would not fit is refused (MemoryRefused, exit code kExitMemory) unless forced.
#pragma once

#include <stdexcept>
#include <vector>

#include "engine/comm.hpp"
#include "engine/distribution.hpp"
#include "engine/edge_slab.hpp"
#include "jobs/memory_model.hpp"
#include "jobs/task.hpp"

namespace nexus::jobs {

class MemoryRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The model's view of each task (algorithm and sizing parameters from its effective params).
std::vector<memory::TaskShape> task_shapes(const std::vector<Task>& tasks);

// Collective (every rank reaches the same decision). Logs the estimate and the limit on rank 0;
// throws MemoryRefused with both in the message when the estimate exceeds the limit, unless
// `force` (then it warns).
void check_memory(const engine::EdgeSlab& slab, const engine::VertexDistribution& dist,
                  const std::vector<Task>& tasks, int threads, bool force,
                  const engine::Comm& comm);

}  // namespace nexus::jobs
