// Feature files (format v1, docs/formats.md): /node_id (original ids, int64 [N]) row-aligned with
// every /features/<name> dataset (1-D [N] or 2-D [N, d]), chunked, shuffle + gzip, written
// collectively with each rank writing its contiguous row range. Every member is collective.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/comm.hpp"

namespace nexus::io {

using AttrValue = std::variant<std::int64_t, double, std::string>;
using Attributes = std::vector<std::pair<std::string, AttrValue>>;

struct FeatureFileInfo {
  std::uint64_t num_vertices = 0;
  std::string graph_fingerprint;
  std::string config_json;  // the effective job configuration
  int ranks = 1;
  int threads = 1;
};

// kCreate: a new file (replacing <path> on commit). kAppend: <path> is an existing feature file of
// the same graph (check_append_target in feature_append.hpp); it is copied to <path>.partial, the
// new features are added to the copy, and commit() renames it over <path>.
enum class WriteMode { kCreate, kAppend };

class FeatureWriter {
 public:
  // Creates `path + ".partial"`; rows [first_row, first_row + node_ids.size()) are this rank's.
  // Ranks' row ranges must tile [0, num_vertices) in rank order. node_names, if not empty, gives
  // the original string ids (written as /node_name; /node_id is then the row index).
  FeatureWriter(std::string path, const engine::Comm& comm, const FeatureFileInfo& info,
                std::uint64_t first_row, std::span<const std::int64_t> node_ids,
                std::span<const std::string> node_names = {}, WriteMode mode = WriteMode::kCreate);
  // Removes the partial file unless commit() succeeded.
  ~FeatureWriter();
  FeatureWriter(const FeatureWriter&) = delete;
  FeatureWriter& operator=(const FeatureWriter&) = delete;

  void write(const std::string& name, std::span<const double> values, const Attributes& attrs);
  void write(const std::string& name, std::span<const std::int64_t> values,
             const Attributes& attrs);
  // Row-major [rows x cols] float32 (embeddings).
  void write(const std::string& name, std::span<const float> values, std::size_t cols,
             const Attributes& attrs);

  // Closes the file and renames it to the final path (rank 0, after every rank has closed).
  void commit();

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace nexus::io
