// `nexus import`: text edge lists (SNAP, CSV/TSV, Matrix Market; plain or gzip) into a graph file.
// Collective: under P ranks each rank parses a byte range of the input (split at line ends; a gzip
// stream is inflated by every rank, each keeping its share of lines, so gzip does not get faster
// with more ranks), original ids are relabelled to 0..n-1 by a distributed sort (the id map is
// never gathered on one rank), self-loops and duplicates are handled by policy, and the result is
// written with write_graph_file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/comm.hpp"

namespace nexus::io {

enum class TextFormat { kSnap, kCsv, kTsv, kMatrixMarket };
enum class SelfLoopPolicy { kKeep, kDrop };
enum class DuplicatePolicy { kKeep, kDrop, kSum };

struct ImportOptions {
  std::optional<TextFormat> format;  // guessed from the file name when empty
  bool directed = true;
  bool one_based = false;  // integer ids start at 1 (Matrix Market always does)
  bool weighted = false;   // read a third column as the edge weight
  SelfLoopPolicy self_loops = SelfLoopPolicy::kKeep;
  DuplicatePolicy duplicates = DuplicatePolicy::kKeep;
  // Id handling: integer ids by default; string ids only when set (a non-integer id in integer
  // mode is an InputError naming the file and line).
  bool string_ids = false;
  // CSV/TSV: whether the first line holds column names. When empty: with integer ids, a first
  // line whose two id fields are not integers is a header; with string ids, there is none.
  std::optional<bool> header;
};

struct ImportStats {
  std::uint64_t input_bytes = 0;
  std::uint64_t lines = 0;  // data lines (not comments or headers)
  std::uint64_t edges_read = 0;
  std::uint64_t self_loops_dropped = 0;
  std::uint64_t duplicates_dropped = 0;  // removed by kDrop or merged into another by kSum
  std::uint64_t num_vertices = 0;
  std::uint64_t num_edges = 0;  // as written
  bool directed = true;         // as written (a symmetric Matrix Market file is undirected)
  double seconds = 0.0;
};

// Guesses the format from the file name (.mtx, .csv, .tsv, else SNAP; a trailing .gz ignored).
TextFormat guess_format(const std::string& path);

// Collective. Bad input throws the same InputError on every rank ("<file>:<line>: ..." where a
// line is to blame) and leaves no file at `output`. Matrix Market: the banner decides weights
// (pattern = unweighted) and symmetry (symmetric = undirected); ids are the 1-based indices.
ImportStats import_edge_list(const std::string& input, const std::string& output,
                             const ImportOptions& options, const engine::Comm& comm);

}  // namespace nexus::io
