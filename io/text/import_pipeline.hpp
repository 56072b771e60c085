// The in-memory part of `nexus import`: parse this rank's share of the text, relabel ids, apply
// the edge policies. Returns the EdgeSlab and VertexIdBlock that write_graph_file takes, so the
// pipeline can be tested without writing a file.
#pragma once

#include <string>

#include "engine/comm.hpp"
#include "engine/edge_slab.hpp"
#include "io/graph_file.hpp"
#include "io/import.hpp"
#include "io/text/line_source.hpp"

namespace nexus::io::text {

struct ParsedGraph {
  engine::EdgeSlab slab;  // this rank's edges: sources in its uniform label range, sorted
  VertexIdBlock ids;      // this rank's block of original ids or names
  VertexIdKind id_kind = VertexIdKind::kInteger;
  ImportStats stats;   // everything but seconds
  std::string source;  // provenance for GraphWriteInfo::source
};

// Collective. Throws the same InputError (naming the file and line) on every rank for bad input.
ParsedGraph import_to_slab(const std::string& input, const ImportOptions& options,
                           const engine::Comm& comm, const ReadTuning& tuning = {});

const char* format_name(TextFormat format);

}  // namespace nexus::io::text
