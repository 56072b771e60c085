// Appending features to an existing feature file of the same graph (`--append`). The file is
// never modified in place: the writer copies it to <path>.partial, adds the new datasets there and
// renames the copy over <path> when complete, so a job killed at any point leaves <path> as it
// was. Cost: one sequential copy of the existing file (copy_file_range: a reflink or a
// server-side copy where the file system offers one).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/comm.hpp"
#include "io/feature_file.hpp"
#include "io/hdf5_util.hpp"

namespace nexus::io {

// Collective; call before computing. Throws on every rank when `path` is not a feature file this
// build reads (InputError), belongs to another graph (InputError: num_vertices, graph_fingerprint
// or this rank's node ids / names differ, so rows would not line up), or already holds one of
// `new_features` (UsageError: choose another name).
void check_append_target(const std::string& path, const engine::Comm& comm,
                         const FeatureFileInfo& info, std::uint64_t first_row,
                         std::span<const std::int64_t> node_ids,
                         std::span<const std::string> node_names,
                         const std::vector<std::string>& new_features);

// Collective (used by FeatureWriter): copies `path` to `partial` (rank 0), opens the copy for
// parallel writing, re-checks it against `info` and records this job in the root attribute
// append_history (a JSON array of {config, created, nexus_version, ranks, threads}).
h5::Id open_append_copy(const std::string& path, const std::string& partial,
                        const engine::Comm& comm, const FeatureFileInfo& info,
                        const std::string& created);

}  // namespace nexus::io
