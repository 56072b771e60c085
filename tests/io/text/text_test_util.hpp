// Helpers for the text import tests: writing small inputs (plain or gzip) on rank 0, running the
// in-memory pipeline with default and tiny buffers, and gathering the result from every rank.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "engine/error.hpp"
#include "io/text/import_pipeline.hpp"

namespace nexus::test {

// Writes `content` to dir/name on rank 0 (plain, or gzip when name ends in .gz); collective.
std::string write_input(const std::string& dir, const std::string& name,
                        const std::string& content);

using WEdge = std::tuple<std::uint64_t, std::uint64_t, float>;

struct Gathered {
  std::vector<WEdge> edges;  // in global (rank) order; weight 0 when unweighted
  std::vector<std::int64_t> ids;
  std::vector<std::string> names;
  std::uint64_t num_vertices = 0, num_edges = 0;
  bool directed = true, weighted = false;
  io::ImportStats stats;
};

// Collective: every rank's slab and id block concatenated in rank order.
Gathered gather(const io::text::ParsedGraph& g);

// Runs import_to_slab with the default tuning and with tiny buffers and gzip blocks (which puts
// chunk and rank boundaries everywhere), checks that both agree, and returns the gathered result.
Gathered import_gathered(const std::string& path, const io::ImportOptions& options);

// Unweighted edge list as WEdges.
std::vector<WEdge> unweighted(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& e);

// The message of the exception `fn` throws (must be InputError); "" if none.
template <class Fn>
std::string input_error(Fn&& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace nexus::test
