// CommunityState: a partition of one level graph into communities, with the community table kept
// at the owner of each community id. Community ids are the level's global vertex ids v (the
// owner is the level's vertex owner) and, for a vertex leaving alone when its own id is taken,
// its spare id n + v (n vertices on the level; the same owner). The owner holds each community's
// total mass (degree for modularity, vertex count for CPM; see modularity.hpp) and size;
// ranks fetch the entries they need and send moves as keyed updates (engine/exchange.hpp).
// Updates reach each owner in vertex order, so totals are the same for any partition.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"
#include "engine/ghost_updates.hpp"
#include "engine/id_index.hpp"
#include "engine/vertex_array.hpp"

namespace nexus::algo::community {

struct CommunityEntry {
  double total = 0;       // sum of member masses
  std::int64_t size = 0;  // member count
};

// The remote communities (owned by another rank) that local vertices belong to or belonged to
// since the last rebuild, numbered in first-seen order.
using RemoteCommunities = engine::IdIndex;

// A snapshot of the community table for one sub-round: this rank's own entries are read in place
// (they change only when the sub-round's moves are applied), the entries of the remote
// communities are fetched from their owners.
struct CommunityTable {
  engine::GlobalVertex first_owned = 0;
  std::span<const CommunityEntry> owned;
  engine::GlobalVertex first_spare = 0;         // spare id of the first owned vertex
  std::span<const CommunityEntry> spare;        // empty while no spare id was ever used here
  const RemoteCommunities* remote = nullptr;    // null on one rank
  std::vector<CommunityEntry> entries;          // aligned with remote->ids()
  std::unique_ptr<RemoteCommunities> narrowed;  // when `remote` is a subset made for the snapshot

  const CommunityEntry& at(engine::GlobalVertex c) const {
    if (c - first_owned < owned.size()) return owned[c - first_owned];  // wraps below first_owned
    if (c - first_spare < owned.size()) return spare.empty() ? kEmpty : spare[c - first_spare];
    return entries[remote->index_of(c)];
  }
  static constexpr CommunityEntry kEmpty{};
};

class CommunityState {
 public:
  // Collective: every vertex in its own community. Degrees from the undirected view. The
  // objective is modularity (masses are the degrees), or CPM with `cpm_mass` (per owned vertex).
  // `unit_input`: g is an unweighted input or one of its coarse levels, whose weights are sums of
  // unit weights (internal ones halved), so that every sum of them is exact in any order.
  CommunityState(const engine::DistGraph& g, const engine::Comm& comm, bool weighted,
                 const std::vector<double>* cpm_mass = nullptr, bool unit_input = false);
  // Collective: every vertex in its own community, over the graph and masses of `like`.
  struct Singletons {};
  CommunityState(const CommunityState& like, Singletons);

  const engine::DistGraph& graph() const { return g_; }
  const engine::Comm& comm() const { return comm_; }
  bool weighted() const { return weighted_; }
  // Every sum of arc weights is exact (an unweighted graph, or `unit_input`).
  bool exact_sums() const { return !weighted_ || unit_input_; }
  double two_m() const { return two_m_; }
  bool cpm() const { return cpm_; }
  // An owned vertex's mass: its degree (modularity) or node mass (CPM).
  double mass(engine::LocalVertex v) const { return cpm_ ? mass_[v] : degree_[v]; }
  // The null model's divisor: a gain or quality has resolution * mass * mass / pair_divisor()
  // where modularity has resolution * k * k / 2m.
  double pair_divisor() const { return cpm_ ? 1.0 : two_m_; }
  engine::GlobalVertex community(engine::LocalVertex v) const { return community_[v]; }
  // The spare community id of an owned vertex: where it goes alone when its own id is taken.
  engine::GlobalVertex spare_of(engine::LocalVertex v) const { return n_ + g_.to_global(v); }
  // The communities with a spare id in use that this rank owns.
  std::size_t spares_in_use() const { return spares_used_; }
  // Collective: every community takes the id of its smallest member (the partition is kept), so
  // that no spare id is in use; the table is rebuilt as by assign().
  void canonicalize();
  const engine::VertexArray<engine::GlobalVertex>& membership() const { return community_; }

  // Collective: owned vertices take the given communities (owned entries), ghosts are synced and
  // the table is rebuilt from scratch.
  void assign(const std::vector<engine::GlobalVertex>& owned_communities);
  // Collective: the table entries of every community a local vertex (owned or ghost) belongs to.
  // Valid until the next move() or assign().
  CommunityTable snapshot() const;
  // Collective: the same for the communities of `vertices` (owned) and of their neighbours only,
  // where that asks for fewer remote entries (a sub-round of the late rounds, when few vertices
  // are pending, needs a few entries of the thousands of remote communities known here).
  CommunityTable snapshot(std::span<const engine::LocalVertex> vertices) const;
  // Collective: owned vertices move (vertex, new community), listed in increasing vertex order;
  // the owners' entries are updated, ghosts synced. Returns the number of moves on this rank.
  std::uint64_t move(
      const std::vector<std::pair<engine::LocalVertex, engine::GlobalVertex>>& moves);
  // The local vertices (owned, then ghosts) whose community the last move() changed.
  const std::vector<engine::LocalVertex>& changed() const { return changed_; }
  // Collective: the objective's quality sum_c [in_c - resolution tot_c^2 / pair_divisor()] / 2m
  // (modularity: sum_c [in_c / 2m - resolution (tot_c / 2m)^2]); exact global sums.
  double quality(double resolution) const;
  // The owned table entry of community c (c owned here, not a spare id).
  const CommunityEntry& owned_entry(engine::GlobalVertex c) const {
    return table_[c - g_.first_owned()];
  }

 private:
  struct Update {
    engine::GlobalVertex community;
    double total;
    std::int64_t size;
  };
  void apply(std::vector<Update> updates);
  int owner_of(engine::GlobalVertex c) const {
    return g_.distribution().owner(c < n_ ? c : c - n_);
  }
  bool is_remote(engine::GlobalVertex c) const {
    return c - g_.first_owned() >= g_.num_owned() && c - n_ - g_.first_owned() >= g_.num_owned();
  }
  // The owned entry of c (own or spare id), the spare table made on first use.
  CommunityEntry& entry(engine::GlobalVertex c);
  // The same, read only (a spare id needs the spare table).
  const CommunityEntry& table_or_spare(engine::GlobalVertex c) const;
  // Index of an owned community id among the owned ids then the owned spare ids.
  std::size_t slot_of(engine::GlobalVertex c) const {
    return c < n_ ? c - g_.first_owned() : g_.num_owned() + (c - n_ - g_.first_owned());
  }
  // Collective: the owned entries in place and, on more than one rank, those of `remote`.
  CommunityTable table_with(const RemoteCommunities& remote) const;
  void assign_singletons();
  void rebuild_remote();

  const engine::DistGraph& g_;
  const engine::Comm& comm_;
  bool weighted_;
  bool unit_input_;
  bool cpm_;
  std::vector<double> degree_;
  std::vector<double> mass_;  // CPM only
  double two_m_ = 0;
  engine::GlobalVertex n_;  // the level's vertex count: spare ids are n_ + v
  engine::VertexArray<engine::GlobalVertex> community_;
  engine::GhostUpdates ghost_updates_;  // move() sends the moved vertices only
  std::vector<CommunityEntry> table_;   // indexed by owned local id = community id - first owned
  std::vector<CommunityEntry> spare_;   // the same for spare ids (n_ + id); empty until used
  std::size_t spares_used_ = 0;         // non-empty entries in spare_
  std::vector<engine::LocalVertex> changed_;
  // Kept up to date by assign() and move(), rebuilt when stale ids have doubled its size.
  RemoteCommunities remote_;
  std::size_t remote_after_rebuild_ = 0;
};

}  // namespace nexus::algo::community
