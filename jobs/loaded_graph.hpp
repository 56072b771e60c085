// Loading a graph for a job: read the header and this rank's edge slab, choose the distribution
// by policy, build the DistGraph, read the original ids of the owned vertices, log the partition
// metrics. Also maps user-given original ids to global vertices.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"
#include "engine/timer.hpp"
#include "io/graph_file.hpp"
#include "partition/build_dist_graph.hpp"
#include "partition/policies.hpp"

namespace nexus::jobs {

struct LoadedGraph {
  io::GraphHeader header;
  engine::DistGraph graph;
  partition::Policy policy = partition::Policy::kUniform;
  partition::PartitionMetrics metrics;
  std::vector<std::int64_t> node_ids;   // original ids of the owned vertices
  std::vector<std::string> node_names;  // for graphs with string ids
};

// Called (collectively) with the edge slab and the chosen distribution before the graph is built.
using BeforeBuild = std::function<void(const engine::EdgeSlab&, const engine::VertexDistribution&)>;

// Collective. Phases "read" and "partition" are added to `timer`.
LoadedGraph load_graph(const std::string& path, partition::Policy policy, bool with_weights,
                       const engine::Comm& comm, engine::PhaseTimer& timer,
                       const BeforeBuild& before_build = {});

// Collective: the global vertex of each original id (given as text); throws UsageError naming
// the first id that is not a vertex of the graph.
std::vector<engine::GlobalVertex> resolve_original_ids(const LoadedGraph& lg,
                                                       const std::vector<std::string>& ids,
                                                       const engine::Comm& comm);

// The original id of an owned vertex as text.
std::string original_id(const LoadedGraph& lg, engine::LocalVertex v);

}  // namespace nexus::jobs
