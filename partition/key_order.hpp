// Relabelling by a sort key: new vertex ids 0..n-1 that list the vertices in the order of their
// keys, so that contiguous ranges of the new ids (what every distribution policy cuts) hold
// vertices with equal or close keys. `nexus reorder` uses a community hierarchy as the key, which
// puts each community's vertices next to each other: fewer cut edges for any number of ranks and
// neighbours close in memory. The labels are positions in one global order, so they do not
// depend on how many ranks compute them.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/comm.hpp"
#include "engine/distribution.hpp"
#include "engine/types.hpp"

namespace nexus::partition {

// Collective. `keys` holds `width` values per owned vertex of `dist` (row-major, width >= 1).
// Returns, per owned vertex, its position in the order of (key compared value by value, then
// global id) over all ranks. A sample sort: each rank sorts its rows, a regular sample of every
// rank's rows gives the splitters, rows go to the rank owning their key range (one alltoallv),
// which numbers its sorted rows from an exclusive prefix sum and sends the labels back.
std::vector<engine::GlobalVertex> labels_in_key_order(const std::vector<std::uint64_t>& keys,
                                                      std::size_t width,
                                                      const engine::VertexDistribution& dist,
                                                      const engine::Comm& comm);

}  // namespace nexus::partition
