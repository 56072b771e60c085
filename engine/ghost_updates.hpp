// GhostUpdates: a halo exchange of the changes only. sync_ghosts (operators.hpp) sends every
// value of the halo; when few owned vertices changed since the ghosts were last synced (the late
// rounds of local moving, where a handful of vertices move per sub-round), GhostUpdates sends just
// those, each to the ranks that hold it as a ghost, and reports which ghosts received a value.
// The reverse of the halo plan (owned vertex -> its places in the send lists) is built once.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"
#include "engine/vertex_array.hpp"

namespace nexus::engine {

class GhostUpdates {
 public:
  explicit GhostUpdates(const DistGraph& g);

  // Collective over the halo peers: the values of the owned vertices in `changed` reach their
  // ghost copies on the other ranks. Returns the ghosts that received a value (local ids, grouped
  // by sending rank; within a rank in the order of `changed`). A ghost whose owner is not in
  // `changed` keeps its value: the caller lists every owned vertex whose value changed.
  template <class T>
  std::vector<LocalVertex> sync(const Comm& comm, VertexArray<T>& values,
                                std::span<const LocalVertex> changed) const {
    struct Item {
      std::uint64_t slot;  // position in the receiver's block of ghosts from this rank
      T value;
    };
    const HaloPlan& h = g_.halo();
    std::vector<std::uint64_t> send_counts(h.send_peers.size(), 0),
        recv_counts(h.recv_peers.size());
    for (LocalVertex v : changed)
      for (std::uint64_t k = start_[v]; k < start_[v + 1]; ++k) ++send_counts[peer_[k]];
    comm.sparse_exchange<std::uint64_t>(send_counts.data(), one_per_send_peer_, recv_counts.data(),
                                        one_per_recv_peer_);
    std::vector<Peer> sends(h.send_peers.size()), recvs(h.recv_peers.size());
    std::size_t total = 0;
    for (std::size_t p = 0; p < sends.size(); ++p) {
      sends[p] = {h.send_peers[p].rank, total, send_counts[p]};
      total += send_counts[p];
    }
    std::vector<Item> out(total);
    std::vector<std::size_t> fill(sends.size());
    for (std::size_t p = 0; p < sends.size(); ++p) fill[p] = sends[p].offset;
    for (LocalVertex v : changed)
      for (std::uint64_t k = start_[v]; k < start_[v + 1]; ++k)
        out[fill[peer_[k]]++] = {slot_[k], values[v]};
    total = 0;
    for (std::size_t p = 0; p < recvs.size(); ++p) {
      recvs[p] = {h.recv_peers[p].rank, total, recv_counts[p]};
      total += recv_counts[p];
    }
    std::vector<Item> in(total);
    comm.sparse_exchange<Item>(out.data(), sends, in.data(), recvs);
    std::vector<LocalVertex> touched(in.size());
    for (std::size_t p = 0, i = 0; p < recvs.size(); ++p)
      for (std::size_t n = 0; n < recvs[p].count; ++n, ++i) {
        const LocalVertex ghost =
            g_.num_owned() + static_cast<LocalVertex>(h.recv_peers[p].offset + in[i].slot);
        values[ghost] = in[i].value;
        touched[i] = ghost;
      }
    return touched;
  }

 private:
  const DistGraph& g_;
  // Per owned vertex v, entries [start_[v], start_[v + 1]): the send peer (index into
  // halo().send_peers) and the slot within that peer's block.
  std::vector<std::uint64_t> start_;
  std::vector<std::uint32_t> peer_;
  std::vector<LocalVertex> slot_;  // a ghost block's position (ghost counts are LocalVertex)
  std::vector<Peer> one_per_send_peer_, one_per_recv_peer_;  // for the counts
};

}  // namespace nexus::engine
