// CommunityState: a partition of one level graph into communities, with the community table kept
// at the owner of each community id. Community ids are the level's global vertex ids v (the
// owner is the level's vertex owner) and, for a vertex leaving alone when its own id is taken,
// its spare id n + v (n vertices on the level; the same owner). The owner holds each community's
// total mass (degree for modularity, vertex count for CPM; see modularity.hpp) and size;
// ranks send moves as keyed updates (engine/exchange.hpp) and keep copies of the remote entries
// they need, which the owners refresh where the updates changed them (subscriptions).
// Updates reach each owner in vertex order, so totals are the same for any partition.
#pragma once

#include <algorithm>
#include <cstdint>
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
// since the last assign(), numbered in first-seen order.
using RemoteCommunities = engine::IdIndex;

// The community table as one sub-round sees it: this rank's own entries and its copies of the
// remote communities' entries, read in place (they change only when the sub-round's moves are
// applied).
struct CommunityTable {
  engine::GlobalVertex first_owned = 0;
  std::span<const CommunityEntry> owned;
  engine::GlobalVertex first_spare = 0;       // spare id of the first owned vertex
  std::span<const CommunityEntry> spare;      // empty while no spare id was ever used here
  const RemoteCommunities* remote = nullptr;  // null on one rank
  std::span<const CommunityEntry> entries;    // aligned with remote->ids()

  const CommunityEntry& at(engine::GlobalVertex c) const {
    if (c - first_owned < owned.size()) return owned[c - first_owned];  // wraps below first_owned
    if (c - first_spare < owned.size()) return spare.empty() ? kEmpty : spare[c - first_spare];
    return entries[remote->index_of(c)];
  }
  static constexpr CommunityEntry kEmpty{};
};

class CommunityState {
 public:
  // Collective: the owned vertices in the communities `start` (one per owned vertex, as by
  // assign()), or each in its own when `start` is empty. Degrees from the undirected view. The
  // objective is modularity (masses are the degrees), or CPM with `cpm_mass` (per owned vertex).
  // `unit_input`: g is an unweighted input or one of its coarse levels, whose weights are sums of
  // unit weights (internal ones halved), so that every sum of them is exact in any order.
  CommunityState(const engine::DistGraph& g, const engine::Comm& comm, bool weighted,
                 const std::vector<double>* cpm_mass = nullptr, bool unit_input = false,
                 std::span<const engine::GlobalVertex> start = {});
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
  void assign(std::span<const engine::GlobalVertex> owned_communities);
  // The table entries of every community a local vertex (owned or ghost) belongs to: the owned
  // ones and the copies of the remote ones, which assign() and move() keep equal to their owners'
  // (see refresh()). Valid until the next move() or assign().
  CommunityTable snapshot() const;
  // Collective: owned vertices move (vertex, new community), listed in increasing vertex order;
  // the owners' entries are updated, ghosts synced, remote copies refreshed. Returns the number
  // of moves on this rank.
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
  // The owned entry of c (own or spare id) as the owner answers for it.
  CommunityEntry current(engine::GlobalVertex c) const {
    return c < n_ || !spare_.empty() ? table_or_spare(c) : CommunityEntry{};
  }
  void assign_singletons();
  void rebuild_remote();
  // Collective (several ranks): the copies of remote entries are brought up to date. The owner of
  // a community keeps the ranks that copy it (its subscribers); the ids of remote_ from
  // `first_new` on are new here, so their owners are asked for them and subscribe this rank; and
  // every owner sends the entries that apply() changed since the last refresh to their
  // subscribers. Costs what changed, not the number of remote communities.
  void refresh(std::size_t first_new);
  void subscribe(std::size_t slot, int rank);

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
  // Several ranks. Rebuilt by assign(), grown by move(): the remote communities and their copies.
  RemoteCommunities remote_;
  std::vector<CommunityEntry> remote_entries_;  // aligned with remote_.ids()
  // At the owner: per slot (slot_of) the first of its subscribers, each subscriber's rank and the
  // next of the same slot (-1 ends a list); the slots apply() changed since the last refresh.
  struct Subscriber {
    int rank;
    std::int32_t next;
  };
  std::vector<std::int32_t> first_subscriber_;
  std::vector<Subscriber> subscribers_;
  std::vector<std::uint8_t> slot_changed_;
  std::vector<std::size_t> changed_slots_;
};

}  // namespace nexus::algo::community
