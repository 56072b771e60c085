// Weakly connected components by synchronous min-label propagation (each vertex takes the
// smallest label among itself and its neighbours, in- and out-arcs alike, until nothing changes;
// rounds ~ the diameter). Components are numbered 0..k-1 in the order of their smallest vertex.
// Each vertex records the neighbour its final label came from and the round, a spanning-forest
// certificate that the verifier checks without rerunning the propagation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "algorithms/community/community_ids.hpp"
#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"
#include "engine/vertex_array.hpp"

namespace nexus::algo {

struct WccParams {
  int max_iterations = 0;  // propagation rounds; 0 = until converged
};

struct WccResult {
  std::vector<std::int64_t> component;  // per owned vertex: 0..k-1 by smallest vertex id
  CommunitySizes sizes;
  int iterations = 0;
  bool converged = false;
  // Certificate: the neighbour each vertex's label came from (kNoParent for the smallest vertex
  // of a component) and the round in which it came.
  std::vector<engine::GlobalVertex> parent;
  std::vector<std::uint32_t> depth;
};

inline constexpr engine::GlobalVertex kNoParent = ~engine::GlobalVertex{0};

// Collective. Directed graphs are treated as undirected (weak connectivity).
WccResult wcc(const engine::DistGraph& g, const engine::Comm& comm, const WccParams& p = {});

struct WccCheck {
  bool ok = false;
  std::string message;
};

// Collective verifier: ids equal across every arc; the certificate is a spanning forest (each
// non-root has a neighbour parent with the same id and a smaller depth); roots carry the ids
// 0..k-1 in global-id order and no vertex precedes its component's root.
WccCheck verify_wcc(const engine::DistGraph& g, const engine::Comm& comm, const WccResult& r);

namespace community {
// Collective: the smallest global id reachable from each owned vertex through arcs whose
// endpoints have equal `group` values (ghosts of `group` must be in sync); with group == nullptr
// through every arc. Fills the certificate if parent/depth are given. Returns the rounds used.
int min_label_propagation(const engine::DistGraph& g, const engine::Comm& comm,
                          const engine::VertexArray<std::int64_t>* group, int max_rounds,
                          engine::VertexArray<engine::GlobalVertex>& label,
                          std::vector<engine::GlobalVertex>* parent,
                          std::vector<std::uint32_t>* depth, bool* converged);

// Collective: the number of connected pieces of the groups (vertices with equal `group` values,
// ghosts in sync), over all ranks: a group that induces a connected subgraph is one piece.
std::uint64_t connected_pieces(const engine::DistGraph& g, const engine::Comm& comm,
                               const engine::VertexArray<std::int64_t>& group);
}  // namespace community

}  // namespace nexus::algo
