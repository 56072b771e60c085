// CheckpointStore: a directory of checkpoint files (docs/formats.md, "Checkpoint file"). Each
// checkpoint is one HDF5 file written collectively to `<name>.partial`, flushed to disk
// (MPI_File_sync) and renamed; every dataset carries a Fletcher-32 checksum. Reading takes the
// newest file whose metadata and checksums are intact, skipping (and logging) truncated, corrupt
// or half-written ones; a file of another job (graph fingerprint, task, parameters) is an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/checkpoint.hpp"
#include "engine/comm.hpp"

namespace nexus::io {

inline constexpr int kCheckpointFormatVersion = 1;

// What a checkpoint belongs to; a checkpoint is only resumed by the same key.
struct CheckpointKey {
  std::string graph_fingerprint;
  std::string task;       // feature name (unique within a job)
  std::string algorithm;  // e.g. "pagerank"
  std::string params;     // the task's effective parameters as JSON
};

class CheckpointStore {
 public:
  // Collective: rank 0 creates `dir` if needed. Every rank must see the same directory.
  CheckpointStore(std::string dir, const engine::Comm& comm);

  const std::string& dir() const { return dir_; }
  // Collective: writes `<dir>/<prefix>-<step>.h5` atomically, then deletes all but the newest
  // `keep` complete checkpoints of `prefix` (and leftover .partial files). Returns the path.
  std::string write(const std::string& prefix, std::int64_t step, const CheckpointKey& key,
                    const engine::Snapshot& s, int keep = 2);
  // Collective: the newest intact checkpoint of `prefix` (its step in *step), logging each
  // skipped file; std::nullopt when there is none. Throws UsageError when a readable checkpoint
  // has another key. The returned snapshot reads its rows from the open file.
  std::optional<engine::Snapshot> read_latest(const std::string& prefix, const CheckpointKey& key,
                                              std::int64_t* step = nullptr);
  // Collective: rank 0 deletes every checkpoint file (and .partial) of `prefix`.
  void remove(const std::string& prefix);
  // Collective: the complete checkpoint files of `prefix`, oldest first (rank 0 lists).
  std::vector<std::string> list(const std::string& prefix) const;

 private:
  std::string dir_;
  const engine::Comm& comm_;
};

}  // namespace nexus::io
