// The version rule of feature files, in one place for every reader (FeatureReader, the pandas
// export, --append): `format_version` is the major version and must be one this build knows;
// `format_version_minor` (absent = 0) only adds optional things, so any minor is accepted.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>

#include "engine/comm.hpp"

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

// Collective, before any rank opens `path`: rank 0 opens it, reads the header and probes the rest
// of its metadata in the input sandbox (input_sandbox.hpp); every rank throws if that failed. A
// missing file passes (the caller reports it in its own words).
void check_feature_file_in_sandbox(const std::string& path, const engine::Comm& comm);

}  // namespace nexus::io
