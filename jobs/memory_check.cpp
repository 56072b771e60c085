// check_memory: profile the partition, estimate, compare with the per-rank limit.
#include "jobs/memory_check.hpp"

#include <algorithm>

#include "engine/log.hpp"
#include "jobs/memory_limit.hpp"
#include "jobs/partition_profile.hpp"

namespace nexus::jobs {

std::vector<memory::TaskShape> task_shapes(const std::vector<Task>& tasks) {
  std::vector<memory::TaskShape> out;
  for (const Task& t : tasks) {
    memory::TaskShape s;
    s.algorithm = t.algorithm;
    s.dim = static_cast<int>(t.params.number_or("dim", 0));
    s.oversampling = static_cast<int>(t.params.number_or("oversampling", 0));
    s.steps = t.algorithm == "fastrp" ? static_cast<int>(t.params.array_size("iteration_weights"))
                                      : static_cast<int>(t.params.number_or("steps", 0));
    s.block_columns = static_cast<int>(std::min(t.params.number_or("block_columns", 0), 65536.0));
    out.push_back(s);
  }
  return out;
}

void check_memory(const engine::EdgeSlab& slab, const engine::VertexDistribution& dist,
                  const std::vector<Task>& tasks, int threads, bool force,
                  const engine::Comm& comm) {
  const memory::RankShape shape = profile_partition(slab, dist, slab.weighted, comm);
  const MemoryLimit limit = memory_per_rank(comm);
  std::vector<memory::TaskShape> shapes = task_shapes(tasks);
  const memory::Estimate full = memory::estimate(shape, shapes, threads);
  const memory::Estimate e = memory::fit_blocks(shape, shapes, threads, limit.bytes);
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    const int b = shapes[k].block_columns;
    const bool chosen = tasks[k].params.number_or("block_columns", 0) == 0 && b > 0;
    if (!chosen || !tasks[k].set_block_columns) continue;
    tasks[k].set_block_columns(b);
    engine::info(comm, "task " + tasks[k].dataset + ": columns in blocks of " + std::to_string(b) +
                           " of " + std::to_string(shapes[k].dim) + " to fit the memory limit (" +
                           memory::human_bytes(full.phases[k + 1].bytes) + " with all at once, " +
                           memory::human_bytes(e.phases[k + 1].bytes) + " in blocks)");
  }
  const std::string figures = "about " + memory::human_bytes(e.peak) + " per rank (peak in " +
                              e.peak_phase + "), limit " + memory::human_bytes(limit.bytes) +
                              " per rank (" + limit.source + ")";
  engine::info(comm, "memory estimate: " + figures);
  if (e.peak <= limit.bytes) return;
  if (force) {
    engine::warn(comm, "the job may not fit in memory (" + figures + "); going on (--force)");
    return;
  }
  throw MemoryRefused("the job needs " + figures +
                      "; use more ranks or nodes, or --force (job file: force = true) to try "
                      "anyway");
}

}  // namespace nexus::jobs
