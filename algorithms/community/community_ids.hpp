// Community (or component) ids by a partition-independent rule: communities numbered 0..k-1 in
// the order of their smallest member's global vertex id, with their sizes. Shared by WCC, Louvain
// and Leiden; labels are arbitrary global keys whose owner is given by a distribution.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"

namespace nexus::algo {

struct CommunitySizes {
  std::uint64_t count = 0;               // number of communities
  std::vector<std::uint64_t> largest;    // up to 10 sizes, largest first
  std::vector<std::uint64_t> histogram;  // [i]: communities of size in [2^i, 2^(i+1))
};

struct NumberedCommunities {
  std::vector<std::int64_t> id;  // per owned vertex, in 0..k-1
  CommunitySizes sizes;
};

// Collective. `label[v]` (owned vertices of g) is a key in [0, label_owner.num_vertices());
// vertices with equal labels form one community. Communicates per distinct label (three
// exchanges with label owners and root owners, one query).
NumberedCommunities number_by_smallest_member(const engine::DistGraph& g, const engine::Comm& comm,
                                              std::span<const engine::GlobalVertex> label,
                                              const engine::VertexDistribution& label_owner);

// Collective: for every item (keys[i], values[i]), the smallest value among the items of all
// ranks with the same key; keys are global ids whose owner is given by `key_owner`. Used to name
// a community by its smallest member, or by a representative chosen the same way.
std::vector<engine::GlobalVertex> smallest_per_key(std::span<const engine::GlobalVertex> keys,
                                                   std::span<const engine::GlobalVertex> values,
                                                   const engine::VertexDistribution& key_owner,
                                                   const engine::Comm& comm);

// Collective: sizes of the communities given by consecutive ids (every rank passes its owned
// vertices' ids; the ids must be 0..k-1).
CommunitySizes community_sizes(std::span<const std::int64_t> id, const engine::Comm& comm);

}  // namespace nexus::algo
