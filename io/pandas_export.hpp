// `nexus export --format pandas`: a feature file rewritten as a pandas "frame_table" (PyTables
// table layout) that pandas.read_hdf(OUT) loads as a DataFrame indexed by node_id with one column
// per 1-D feature and columns <name>_0 .. <name>_{d-1} for a 2-D feature (plus node_name for
// string-id graphs). Parallel and streamed: bounded memory per rank, whatever the file size.
#pragma once

#include <cstdint>
#include <string>

#include "engine/comm.hpp"

namespace nexus::io {

struct PandasExportResult {
  std::uint64_t rows = 0;
  std::size_t columns = 0;        // DataFrame columns (the node_id index not counted)
  std::uint64_t table_bytes = 0;  // uncompressed size of the table
};

// Collective. Reads `features` (checked like FeatureReader: format and major version), writes
// `output` + ".partial" and renames it to `output` when complete; on failure nothing is left at
// `output` (a previous file there is untouched). `buffer_bytes` bounds each rank's row buffer.
PandasExportResult export_pandas(const std::string& features, const std::string& output,
                                 const engine::Comm& comm, std::uint64_t buffer_bytes = 64u << 20);

}  // namespace nexus::io
