// inspect: a human-readable summary of a Nexus graph or feature file (what `nexus inspect`
// prints): the schema and format version, the counts, every root attribute, and each dataset's
// dtype, shape, chunking, filters, attributes and first rows.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "engine/comm.hpp"

namespace nexus::io {

// Collective: rank 0 reads the file (serially) and prints to `out`; the other ranks print nothing.
// Every rank throws the same InputError ("<path>: not a Nexus graph or feature file ...") when the
// file is missing, not HDF5, or has no recognised nexus_format.
void inspect_file(const std::string& path, std::ostream& out, const engine::Comm& comm);

// Serial (the calling rank alone): the same text, showing up to `rows` rows of each dataset.
std::string describe_file(const std::string& path, std::size_t rows = 5);

}  // namespace nexus::io
