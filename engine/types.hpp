// Vertex id vocabulary shared by every layer: global ids (64-bit, the graph file's numbering) and
// local ids (32-bit, a rank's owned vertices [0, num_owned) followed by its ghosts).
#pragma once

#include <cstdint>
#include <limits>

namespace nexus::engine {

using GlobalVertex = std::uint64_t;
using LocalVertex = std::uint32_t;
using EdgeIndex = std::uint64_t;

inline constexpr LocalVertex kNoLocalVertex = std::numeric_limits<LocalVertex>::max();

}  // namespace nexus::engine
