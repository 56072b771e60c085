// GhostUpdates: the reverse of the halo plan's send lists.
#include "engine/ghost_updates.hpp"

namespace nexus::engine {

GhostUpdates::GhostUpdates(const DistGraph& g) : g_(g), start_(std::size_t{g.num_owned()} + 1, 0) {
  const HaloPlan& h = g.halo();
  for (LocalVertex v : h.send_vertices) ++start_[v + 1];
  for (std::size_t v = 0; v < g.num_owned(); ++v) start_[v + 1] += start_[v];
  peer_.resize(h.send_vertices.size());
  slot_.resize(h.send_vertices.size());
  std::vector<std::uint64_t> fill(start_.begin(), start_.end() - 1);
  for (std::size_t p = 0; p < h.send_peers.size(); ++p) {
    const Peer& peer = h.send_peers[p];
    for (std::size_t i = 0; i < peer.count; ++i) {
      const std::uint64_t k = fill[h.send_vertices[peer.offset + i]]++;
      peer_[k] = static_cast<std::uint32_t>(p);
      slot_[k] = static_cast<LocalVertex>(i);
    }
    one_per_send_peer_.push_back({peer.rank, p, 1});
  }
  for (std::size_t p = 0; p < h.recv_peers.size(); ++p)
    one_per_recv_peer_.push_back({h.recv_peers[p].rank, p, 1});
}

}  // namespace nexus::engine
