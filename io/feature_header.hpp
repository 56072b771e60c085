// The version rule of feature files, in one place for every reader (FeatureReader, the pandas
// export, --append): `format_version` is the major version and must be one this build knows;
// `format_version_minor` (absent = 0) only adds optional things, so any minor is accepted.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>

namespace nexus::io {

struct FeatureHeader {
  int major = 0;
  int minor = 0;
  std::uint64_t num_vertices = 0;
  std::string fingerprint;  // empty if the file has none
};

// Serial, on an open file. Throws InputError naming the file when it is not a Nexus feature file
// or its major version is unknown ("... format_version 2 is newer than this reader (1) ...").
FeatureHeader read_feature_header(hid_t file, const std::string& path);

}  // namespace nexus::io
