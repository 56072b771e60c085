// build_dist_graph: routes each rank's edge slab to the owners of the endpoints (alltoallv, in
// bounded rounds), builds CSR over owned vertices plus ghosts with every neighbour list in
// global-id order, and the HaloPlan. Reports partition metrics. Collective.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"
#include "engine/distribution.hpp"
#include "engine/edge_slab.hpp"

namespace nexus::partition {

// Consumes the slab (its memory is released as the arcs are routed). Undirected edges become two
// arcs (a self-loop one arc); directed edges an out-arc at the source's owner and an in-arc at the
// target's owner. Duplicate edges stay as parallel arcs.
engine::DistGraph build_dist_graph(engine::EdgeSlab&& slab, const engine::VertexDistribution& dist,
                                   const engine::Comm& comm);

// The DistGraph of an undirected, weighted graph whose owned rows are already complete: owned
// vertex v (local id) has the neighbours neighbors[offsets[v], offsets[v + 1]) (global ids, in
// increasing order, an undirected self-loop once) with their weights. Finds the ghosts and makes
// the halo plan; nothing is routed (community aggregation builds its coarse rows at their owners).
// Collective.
engine::DistGraph dist_graph_from_rows(std::vector<engine::EdgeIndex>&& offsets,
                                       std::vector<engine::GlobalVertex>&& neighbors,
                                       std::vector<float>&& weights, std::uint64_t num_edges,
                                       const engine::VertexDistribution& dist,
                                       const engine::Comm& comm);

// Per-rank figures and their global summary (collective to compute).
struct PartitionMetrics {
  std::vector<std::uint64_t> owned_per_rank;
  std::vector<std::uint64_t> arcs_per_rank;
  std::vector<std::uint64_t> ghosts_per_rank;
  std::uint64_t cut_arcs = 0;  // arcs whose endpoints are owned by different ranks
  std::uint64_t total_arcs = 0;
  double edge_cut_fraction = 0;  // cut_arcs / total_arcs
  double imbalance = 1.0;        // max arcs per rank / mean arcs per rank
};
PartitionMetrics partition_metrics(const engine::DistGraph& g, const engine::Comm& comm);

}  // namespace nexus::partition
