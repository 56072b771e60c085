// DistGraph: consistency checks at construction, id lookup, memory accounting.
#include "engine/dist_graph.hpp"

#include <algorithm>
#include <stdexcept>

namespace nexus::engine {

DistGraph::DistGraph(Parts parts) : parts_(std::move(parts)) {
  const auto& d = parts_.distribution;
  if (parts_.rank < 0 || parts_.rank >= d.num_ranks())
    throw std::invalid_argument("DistGraph: rank outside the distribution");
  num_owned_ = static_cast<LocalVertex>(d.count(parts_.rank));
  first_owned_ = d.begin(parts_.rank);
  if (parts_.out.offsets.size() != std::size_t{num_owned_} + 1 ||
      (parts_.directed && parts_.in.offsets.size() != std::size_t{num_owned_} + 1))
    throw std::invalid_argument("DistGraph: CSR offsets do not match the owned vertex count");
  if (!std::is_sorted(parts_.ghosts.begin(), parts_.ghosts.end()))
    throw std::invalid_argument("DistGraph: ghosts must be sorted by global id");
}

LocalVertex DistGraph::to_local(GlobalVertex g) const {
  if (g >= first_owned_ && g - first_owned_ < num_owned_)
    return static_cast<LocalVertex>(g - first_owned_);
  auto it = std::lower_bound(parts_.ghosts.begin(), parts_.ghosts.end(), g);
  if (it == parts_.ghosts.end() || *it != g) return kNoLocalVertex;
  return num_owned_ + static_cast<LocalVertex>(it - parts_.ghosts.begin());
}

std::uint64_t DistGraph::memory_bytes() const {
  auto csr = [](const Csr& c) {
    return c.offsets.capacity() * sizeof(EdgeIndex) + c.targets.capacity() * sizeof(LocalVertex) +
           c.weights.capacity() * sizeof(float);
  };
  return csr(parts_.out) + csr(parts_.in) + parts_.ghosts.capacity() * sizeof(GlobalVertex) +
         parts_.halo.send_vertices.capacity() * sizeof(LocalVertex) +
         (parts_.halo.send_peers.capacity() + parts_.halo.recv_peers.capacity()) * sizeof(Peer);
}

}  // namespace nexus::engine
