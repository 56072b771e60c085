// FeatureReader: a small serial C++ reader for Nexus feature files (format v1), for consumers that
// link nexus_io: checks nexus_format == "features" and the format version, lists the features,
// and reads /node_id, /node_name and 1-D float64 / int64 or 2-D float32 features. No MPI needed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/feature_file.hpp"

namespace nexus::io {

struct FeatureInfo {
  std::string name;
  std::string dtype;                 // "float64", "int64", "float32", ...
  std::vector<std::uint64_t> shape;  // [N] or [N, d]
};

class FeatureReader {
 public:
  // Throws InputError naming the file when it is missing, not HDF5, not a feature file, or of a
  // major format_version this reader does not know (any format_version_minor is accepted).
  explicit FeatureReader(const std::string& path);
  ~FeatureReader();
  FeatureReader(FeatureReader&&) noexcept;
  FeatureReader& operator=(FeatureReader&&) noexcept;

  const std::string& path() const;
  int format_version() const;        // the major version
  int format_version_minor() const;  // 0 when the file has no format_version_minor
  std::uint64_t num_vertices() const;
  std::string graph_fingerprint() const;
  // A root attribute as text (strings as they are, numbers formatted); InputError if missing.
  std::string root_attribute(const std::string& name) const;

  std::vector<FeatureInfo> features() const;  // sorted by name
  std::vector<std::int64_t> node_ids() const;
  bool has_node_names() const;
  std::vector<std::string> node_names() const;

  // Each throws InputError if the feature is missing or has another rank or dtype class.
  std::vector<double> read_float64(const std::string& feature) const;
  std::vector<std::int64_t> read_int64(const std::string& feature) const;
  std::vector<float> read_float32(const std::string& feature, std::size_t* cols) const;  // 2-D
  Attributes attributes(const std::string& feature) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nexus::io
