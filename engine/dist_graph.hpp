// DistGraph: one rank's immutable part of a distributed graph. Owned vertices have local ids
// [0, num_owned), ghosts (non-owned neighbours) follow in global-id order, so the ghosts of each
// owner rank are one contiguous block. Adjacency is CSR over local ids with every neighbour list in
// global-id order (the order that makes per-vertex sums partition-independent). Directed graphs
// keep out- and in-adjacency of the owned vertices; undirected graphs one symmetric CSR. Built by
// partition/build_dist_graph; the HaloPlan (who sends which owned values to whom) is made once.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/comm.hpp"
#include "engine/distribution.hpp"
#include "engine/types.hpp"

namespace nexus::engine {

struct Csr {
  std::vector<EdgeIndex> offsets{0};  // num_owned + 1
  std::vector<LocalVertex> targets;
  std::vector<float> weights;  // empty unless weighted
};

// Ghost exchange schedule. sync_ghosts sends, to each send peer, the values of
// send_vertices[offset, offset + count) and receives from each receive peer into the ghost block
// starting at local id num_owned + offset. reduce_ghosts uses the same lists the other way round.
struct HaloPlan {
  std::vector<LocalVertex> send_vertices;
  std::vector<Peer> send_peers;  // offsets into send_vertices
  std::vector<Peer> recv_peers;  // offsets from the first ghost
};

class DistGraph {
 public:
  struct Parts {
    VertexDistribution distribution;
    int rank = 0;
    bool directed = true;
    bool weighted = false;
    std::uint64_t num_edges = 0;  // global, as stored in the graph file
    Csr out;
    Csr in;                            // empty (offsets {0}) for undirected graphs
    std::vector<GlobalVertex> ghosts;  // sorted
    HaloPlan halo;
  };
  DistGraph() = default;
  explicit DistGraph(Parts parts);

  std::uint64_t num_global_vertices() const { return parts_.distribution.num_vertices(); }
  std::uint64_t num_global_edges() const { return parts_.num_edges; }
  LocalVertex num_owned() const { return num_owned_; }
  LocalVertex num_ghosts() const { return static_cast<LocalVertex>(parts_.ghosts.size()); }
  LocalVertex num_local() const { return num_owned_ + num_ghosts(); }
  // Arcs held by this rank (out-arcs of owned vertices; both directions for undirected edges).
  EdgeIndex num_local_arcs() const { return parts_.out.targets.size(); }
  bool directed() const { return parts_.directed; }
  bool weighted() const { return parts_.weighted; }
  int rank() const { return parts_.rank; }
  const VertexDistribution& distribution() const { return parts_.distribution; }
  GlobalVertex first_owned() const { return first_owned_; }

  GlobalVertex to_global(LocalVertex v) const {
    return v < num_owned_ ? first_owned_ + v : parts_.ghosts[v - num_owned_];
  }
  // kNoLocalVertex if the vertex is neither owned nor a ghost here.
  LocalVertex to_local(GlobalVertex g) const;
  bool is_owned(LocalVertex v) const { return v < num_owned_; }
  int ghost_owner(LocalVertex v) const { return parts_.distribution.owner(to_global(v)); }

  std::span<const LocalVertex> out_neighbors(LocalVertex v) const { return row(parts_.out, v); }
  std::span<const LocalVertex> in_neighbors(LocalVertex v) const { return row(in_csr(), v); }
  std::span<const float> out_weights(LocalVertex v) const { return weights(parts_.out, v); }
  std::span<const float> in_weights(LocalVertex v) const { return weights(in_csr(), v); }
  EdgeIndex out_degree(LocalVertex v) const { return degree(parts_.out, v); }
  EdgeIndex in_degree(LocalVertex v) const { return degree(in_csr(), v); }

  const HaloPlan& halo() const { return parts_.halo; }
  const std::vector<GlobalVertex>& ghosts() const { return parts_.ghosts; }
  // Bytes held by the adjacency, ghost table and halo plan (for reports and estimates).
  std::uint64_t memory_bytes() const;

 private:
  const Csr& in_csr() const { return parts_.directed ? parts_.in : parts_.out; }
  static std::span<const LocalVertex> row(const Csr& c, LocalVertex v) {
    return {c.targets.data() + c.offsets[v], c.targets.data() + c.offsets[v + 1]};
  }
  static std::span<const float> weights(const Csr& c, LocalVertex v) {
    return {c.weights.data() + c.offsets[v], c.weights.data() + c.offsets[v + 1]};
  }
  static EdgeIndex degree(const Csr& c, LocalVertex v) { return c.offsets[v + 1] - c.offsets[v]; }

  Parts parts_;
  LocalVertex num_owned_ = 0;
  GlobalVertex first_owned_ = 0;
};

}  // namespace nexus::engine
