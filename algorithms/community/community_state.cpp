// CommunityState: degrees, the owner-kept community table, keyed moves and modularity.
#include "algorithms/community/community_state.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "algorithms/community/adjacency.hpp"
#include "algorithms/community/modularity.hpp"
#include "engine/exchange.hpp"
#include "engine/operators.hpp"

namespace nexus::algo::community {

using engine::GlobalVertex;
using engine::LocalVertex;

CommunityState::CommunityState(const engine::DistGraph& g, const engine::Comm& comm, bool weighted,
                               const std::vector<double>* cpm_mass, bool unit_input,
                               std::span<const GlobalVertex> start)
    : g_(g),
      comm_(comm),
      weighted_(weighted),
      unit_input_(unit_input),
      cpm_(cpm_mass != nullptr),
      degree_(g.num_owned()),
      n_(g.num_global_vertices()),
      community_(g),
      ghost_updates_(g) {
  if (cpm_) {
    if (cpm_mass->size() != g.num_owned())
      throw std::logic_error("CommunityState: one CPM mass per owned vertex expected");
    mass_ = *cpm_mass;
  }
  two_m_ = engine::reduce_owned(g, comm, engine::Sum{}, [&](LocalVertex v) {
    double k = 0;
    if (weighted)
      for_each_arc(g, weighted, v, [&](LocalVertex, double w) { k += w; });
    else  // a count: the arcs, an undirected self-loop twice (the same exact value as the sum)
      k = static_cast<double>(unweighted_degree(g, v));
    return degree_[v] = k;
  });
  if (start.empty())
    assign_singletons();
  else
    assign(start);
}

CommunityState::CommunityState(const CommunityState& like, Singletons)
    : g_(like.g_),
      comm_(like.comm_),
      weighted_(like.weighted_),
      unit_input_(like.unit_input_),
      cpm_(like.cpm_),
      degree_(like.degree_),
      mass_(like.mass_),
      two_m_(like.two_m_),
      n_(like.n_),
      community_(like.g_),
      ghost_updates_(like.ghost_updates_) {
  assign_singletons();
}

void CommunityState::assign_singletons() {
  std::vector<GlobalVertex> self(g_.num_owned());
  for (LocalVertex v = 0; v < g_.num_owned(); ++v) self[v] = g_.to_global(v);
  assign(self);
}

void CommunityState::assign(std::span<const GlobalVertex> owned_communities) {
  std::vector<Update> updates(g_.num_owned());
  for (LocalVertex v = 0; v < g_.num_owned(); ++v) {
    community_[v] = owned_communities[v];
    updates[v] = {owned_communities[v], mass(v), 1};
  }
  engine::sync_ghosts(g_, comm_, community_);
  changed_.clear();
  rebuild_remote();
  table_.assign(g_.num_owned(), CommunityEntry{});
  spare_.clear();
  spares_used_ = 0;
  apply(std::move(updates));
  if (comm_.size() == 1) return;
  // Every entry is new: the subscriptions start over, every remote id is asked for.
  first_subscriber_.assign(2 * std::size_t{g_.num_owned()}, -1);
  subscribers_.clear();
  for (std::size_t slot : changed_slots_) slot_changed_[slot] = 0;
  changed_slots_.clear();
  remote_entries_.clear();
  refresh(0);
}

CommunityEntry& CommunityState::entry(GlobalVertex c) {
  if (c >= n_ && spare_.empty()) spare_.assign(g_.num_owned(), CommunityEntry{});
  return c < n_ ? table_[slot_of(c)] : spare_[slot_of(c) - g_.num_owned()];
}

const CommunityEntry& CommunityState::table_or_spare(GlobalVertex c) const {
  return c < n_ ? table_[slot_of(c)] : spare_[slot_of(c) - g_.num_owned()];
}

namespace {
struct Member {
  GlobalVertex community, vertex;
};
}  // namespace

void CommunityState::canonicalize() {
  std::vector<Member> mine(g_.num_owned());
  for (LocalVertex v = 0; v < g_.num_owned(); ++v) mine[v] = {community_[v], g_.to_global(v)};
  std::vector<GlobalVertex> smallest(table_.size() + spare_.size(), ~GlobalVertex{0});
  for (const Member& m : engine::exchange_by_owner(
           comm_, std::move(mine), [&](const Member& m) { return owner_of(m.community); })) {
    GlobalVertex& x = smallest[slot_of(m.community)];
    x = std::min(x, m.vertex);
  }
  const std::vector<GlobalVertex> current(community_.owned().begin(), community_.owned().end());
  assign(engine::query_by_owner<GlobalVertex>(
      comm_, current, [&](GlobalVertex c) { return owner_of(c); },
      [&](GlobalVertex c) { return smallest[slot_of(c)]; }));
}

void CommunityState::apply(std::vector<Update> updates) {
  // Updates are listed in vertex order and ranks own ascending ranges, so they arrive in vertex
  // order (exchange_by_owner keeps source-rank and listing order): each community adds its
  // updates in the same order on any partition, and the totals depend only on the set of updates.
  const auto got = engine::exchange_by_owner(
      comm_, std::move(updates), [&](const Update& u) { return owner_of(u.community); });
  const bool track = comm_.size() > 1;  // the changed slots, for refresh()
  if (track && slot_changed_.empty()) slot_changed_.assign(2 * std::size_t{g_.num_owned()}, 0);
  for (const Update& u : got) {
    if (track) {
      const std::size_t slot = slot_of(u.community);
      if (!slot_changed_[slot]) {
        slot_changed_[slot] = 1;
        changed_slots_.push_back(slot);
      }
    }
    CommunityEntry& e = entry(u.community);
    const bool was_used = e.size > 0;
    e.total += u.total;
    e.size += u.size;
    if (e.size == 0) e.total = 0;  // an emptied community restarts from an exact zero
    if (u.community >= n_ && was_used != (e.size > 0)) was_used ? --spares_used_ : ++spares_used_;
  }
}

void CommunityState::rebuild_remote() {
  remote_.clear();
  if (comm_.size() > 1) {
    const GlobalVertex first = g_.first_owned();
    GlobalVertex last = first;  // skips runs of one community cheaply
    for (LocalVertex v = 0; v < g_.num_local(); ++v) {
      const GlobalVertex c = community_[v];
      if (c != last && is_remote(c)) remote_.add(c);
      last = c;
    }
  }
}

CommunityTable CommunityState::snapshot() const {
  CommunityTable t;
  t.first_owned = g_.first_owned();
  t.owned = table_;
  t.first_spare = n_ + g_.first_owned();
  t.spare = spare_;
  if (comm_.size() == 1) return t;  // every community is owned
  t.remote = &remote_;
  t.entries = remote_entries_;
  return t;
}

void CommunityState::subscribe(std::size_t slot, int rank) {
  if (subscribers_.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw std::length_error("CommunityState: more than 2^31 - 1 subscriptions on one rank");
  subscribers_.push_back({rank, first_subscriber_[slot]});
  first_subscriber_[slot] = static_cast<std::int32_t>(subscribers_.size() - 1);
}

namespace {
struct Ask {
  GlobalVertex community;
  int rank;  // who asks
};
struct Copy {
  int rank;  // who receives it
  GlobalVertex community;
  CommunityEntry entry;
};
}  // namespace

void CommunityState::refresh(std::size_t first_new) {
  if (comm_.size() == 1) return;
  const auto& ids = remote_.ids();
  std::vector<Ask> asks;
  asks.reserve(ids.size() - first_new);
  for (std::size_t i = first_new; i < ids.size(); ++i) asks.push_back({ids[i], comm_.rank()});
  std::vector<Copy> copies;
  // New subscribers get the entry now unless it changed (then every subscriber gets it below).
  for (const Ask& a : engine::exchange_by_owner(
           comm_, std::move(asks), [&](const Ask& a) { return owner_of(a.community); })) {
    const std::size_t slot = slot_of(a.community);
    subscribe(slot, a.rank);
    if (!slot_changed_[slot]) copies.push_back({a.rank, a.community, current(a.community)});
  }
  const GlobalVertex first = g_.first_owned();
  for (std::size_t slot : changed_slots_) {
    slot_changed_[slot] = 0;
    const GlobalVertex c =
        slot < g_.num_owned() ? first + slot : n_ + first + (slot - g_.num_owned());
    const CommunityEntry e = current(c);
    for (std::int32_t k = first_subscriber_[slot]; k >= 0; k = subscribers_[k].next)
      copies.push_back({subscribers_[k].rank, c, e});
  }
  changed_slots_.clear();
  remote_entries_.resize(ids.size());
  for (const Copy& x :
       engine::exchange_by_owner(comm_, std::move(copies), [](const Copy& x) { return x.rank; }))
    remote_entries_[remote_.index_of(x.community)] = x.entry;
}

std::uint64_t CommunityState::move(const std::vector<std::pair<LocalVertex, GlobalVertex>>& moves) {
  std::vector<Update> updates;
  updates.reserve(2 * moves.size());
  changed_.clear();
  for (std::size_t i = 1; i < moves.size(); ++i)
    if (moves[i].first <= moves[i - 1].first)
      throw std::logic_error("CommunityState::move: moves must be in increasing vertex order");
  for (const auto& [v, to] : moves) {
    updates.push_back({community_[v], -mass(v), -1});
    updates.push_back({to, mass(v), 1});
    community_[v] = to;
    changed_.push_back(v);
  }
  // Only the moved vertices are sent to their ghost copies (they are all of changed_ so far).
  const std::vector<LocalVertex> ghosts = ghost_updates_.sync(comm_, community_, changed_);
  changed_.insert(changed_.end(), ghosts.begin(), ghosts.end());
  const std::size_t known = remote_.ids().size();
  if (comm_.size() > 1)
    for (LocalVertex u : changed_)
      if (is_remote(community_[u])) remote_.add(community_[u]);
  apply(std::move(updates));
  refresh(known);
  return moves.size();
}

double CommunityState::quality(double resolution) const {
  if (two_m_ <= 0) return 0.0;
  const double inside = engine::reduce_owned(g_, comm_, engine::Sum{}, [&](LocalVertex v) {
    double in = 0;
    for_each_arc(g_, weighted_, v, [&](LocalVertex u, double w) {
      if (community_[u] == community_[v]) in += w;
    });
    return in;
  });
  const double squares = engine::reduce_owned(g_, comm_, engine::Sum{}, [&](LocalVertex c) {
    const double spare = spare_.empty() ? 0.0 : spare_[c].total * spare_[c].total;
    return table_[c].total * table_[c].total + spare;
  });
  return inside / two_m_ - resolution * squares / (two_m_ * pair_divisor());
}

}  // namespace nexus::algo::community

namespace nexus::algo {

double modularity_of(const engine::DistGraph& g, const engine::Comm& comm,
                     const std::vector<std::int64_t>& community, double resolution, bool weighted) {
  const std::vector<engine::GlobalVertex> start(community.begin(), community.end());
  community::CommunityState s(g, comm, weighted, nullptr, false, start);
  return s.quality(resolution);
}

}  // namespace nexus::algo
