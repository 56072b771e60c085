// The layout of a checkpoint file (docs/formats.md): root attributes naming the job it belongs
// to, /values/<name> (scalars, strings and short lists, with a `kind` attribute) and
// /rows/<name> (distributed tables [rows, cols] by global row). File names: <prefix>-<step>.h5
// with a ten-digit zero-padded step, so name order is step order.
#pragma once

#include <hdf5.h>

#include <cctype>
#include <string>

#include "engine/checkpoint.hpp"

namespace nexus::io::checkpoint_layout {

inline constexpr const char* kFormatCheckpoint = "checkpoint";
inline constexpr const char* kAttrFormat = "nexus_format";
inline constexpr const char* kAttrFormatVersion = "format_version";
inline constexpr const char* kAttrFingerprint = "graph_fingerprint";
inline constexpr const char* kAttrTask = "task";
inline constexpr const char* kAttrAlgorithm = "algorithm";
inline constexpr const char* kAttrParams = "params_json";
inline constexpr const char* kAttrStep = "step";
inline constexpr const char* kAttrRanks = "ranks";
inline constexpr const char* kAttrCreated = "created";
inline constexpr const char* kAttrKind = "kind";
inline constexpr const char* kValues = "/values";
inline constexpr const char* kRows = "/rows";
inline constexpr const char* kKindInt = "int64";
inline constexpr const char* kKindDouble = "float64";
inline constexpr const char* kKindString = "string";
inline constexpr const char* kKindInts = "int64[]";
inline constexpr const char* kKindDoubles = "float64[]";

inline std::size_t element_size(engine::ElementType t) {
  return t == engine::ElementType::kFloat32 ? 4 : 8;
}
inline hid_t file_type(engine::ElementType t) {
  switch (t) {
    case engine::ElementType::kFloat32:
      return H5T_IEEE_F32LE;
    case engine::ElementType::kFloat64:
      return H5T_IEEE_F64LE;
    case engine::ElementType::kInt64:
      return H5T_STD_I64LE;
    default:
      return H5T_STD_U64LE;
  }
}
inline hid_t memory_type(engine::ElementType t) {
  switch (t) {
    case engine::ElementType::kFloat32:
      return H5T_NATIVE_FLOAT;
    case engine::ElementType::kFloat64:
      return H5T_NATIVE_DOUBLE;
    case engine::ElementType::kInt64:
      return H5T_NATIVE_INT64;
    default:
      return H5T_NATIVE_UINT64;
  }
}

// "<prefix>-<10 digits>.h5"
inline bool is_checkpoint_name(const std::string& name, const std::string& prefix) {
  const std::size_t n = prefix.size();
  if (name.size() != n + 14 || name.compare(0, n, prefix) != 0 || name[n] != '-') return false;
  for (std::size_t i = n + 1; i < n + 11; ++i)
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return false;
  return name.compare(n + 11, 3, ".h5") == 0;
}
inline bool is_partial_name(const std::string& name, const std::string& prefix) {
  return name.size() > 8 && name.compare(name.size() - 8, 8, ".partial") == 0 &&
         is_checkpoint_name(name.substr(0, name.size() - 8), prefix);
}

}  // namespace nexus::io::checkpoint_layout
