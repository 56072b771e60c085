// The memory a job may use: NEXUS_MEMORY_LIMIT (bytes, K/M/G/T suffixes; for tests and for
// overriding), else the smallest of the cgroup limit (v2 memory.max, v1 memory.limit_in_bytes),
// the Slurm allocation (SLURM_MEM_PER_NODE, or SLURM_MEM_PER_CPU x SLURM_CPUS_ON_NODE; MiB) and
// the physical memory. It is the node's limit: ranks on one node share it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "engine/comm.hpp"

namespace nexus::jobs {

struct MemoryLimit {
  std::uint64_t bytes = 0;
  std::string source;  // "cgroup v2 memory.max", "SLURM_MEM_PER_NODE", "physical memory", ...
};

// "max" (no limit) -> nullopt; a byte count -> it; v1's "unlimited" (>= 2^62) -> nullopt.
std::optional<std::uint64_t> parse_cgroup_limit(const std::string& text);
// "123", "512M", "4G", "1.5T" (binary units) -> bytes; nullopt when not a size.
std::optional<std::uint64_t> parse_size(const std::string& text);
// The Slurm allocation on this node from the environment (lookup returns nullptr for unset).
std::optional<MemoryLimit> slurm_limit(const std::function<const char*(const char*)>& lookup);
// The cgroup limit of the process whose /proc/self/cgroup text is `proc_cgroup`, with the cgroup
// file systems mounted under `root` (normally /sys/fs/cgroup).
std::optional<MemoryLimit> cgroup_limit(const std::string& proc_cgroup, const std::string& root);

// This node's limit (see the top of the file). Throws UsageError for a malformed
// NEXUS_MEMORY_LIMIT.
MemoryLimit node_memory_limit();

// Collective: the memory each rank may use, the smallest over all nodes of the node's limit
// divided by the ranks on that node; `source` describes the binding node's limit.
MemoryLimit memory_per_rank(const engine::Comm& comm);

}  // namespace nexus::jobs
