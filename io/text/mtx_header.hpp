// Matrix Market coordinate header: the banner
// `%%MatrixMarket matrix coordinate <real|integer|pattern> <general|symmetric>`, '%' comments and
// the size line `rows cols nnz`. Every rank reads it from the start of the file (local).
#pragma once

#include <cstdint>
#include <string>

#include "io/text/line_source.hpp"

namespace nexus::io::text {

struct MtxHeader {
  bool pattern = false;    // no value column: unweighted
  bool symmetric = false;  // lower triangle stored: undirected
  std::uint64_t rows = 0, cols = 0, nnz = 0;
  std::uint64_t data_offset = 0;   // stream offset of the first line after the size line
  std::uint64_t header_lines = 0;  // lines up to and including the size line
};

// Throws InputError("<path>:<line>: ...") for a missing or unsupported banner or a bad size line.
MtxHeader read_mtx_header(const std::string& path, const ReadTuning& tuning);

}  // namespace nexus::io::text
