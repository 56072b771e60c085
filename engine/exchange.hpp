// Keyed exchanges with the owner of a key (community tables, label renumbering): items routed to
// the rank owner_of(item) chooses, and queries answered by the owner of each key. Both are
// collective (one or two alltoallv) and deterministic: what a rank receives is in source-rank
// order, and within one source in the order the source listed it. On one rank nothing is copied
// through MPI (and owner_of is not called).
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstdint>
#include <vector>

#include "engine/comm.hpp"

namespace nexus::engine {

namespace detail {
// Stable counting sort of items by destination rank: `order` lists item indices grouped by rank.
template <class OwnerOf, class T>
void bucket_by_owner(const Comm& comm, const std::vector<T>& items, OwnerOf& owner_of,
                     std::vector<std::uint64_t>& counts, std::vector<std::size_t>& order) {
  const int p = comm.size();
  counts.assign(p, 0);
  std::vector<int> dest(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) ++counts[dest[i] = owner_of(items[i])];
  std::vector<std::uint64_t> pos(p, 0);
  for (int r = 1; r < p; ++r) pos[r] = pos[r - 1] + counts[r - 1];
  order.resize(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) order[pos[dest[i]]++] = i;
}
}  // namespace detail

namespace detail {
// The send buffer of an exchange: items grouped by owner rank (stably), with the counts.
template <class T, class OwnerOf>
std::vector<T> send_buffer(const Comm& comm, const std::vector<T>& items, OwnerOf& owner_of,
                           std::vector<std::uint64_t>& counts) {
  std::vector<std::size_t> order;
  bucket_by_owner(comm, items, owner_of, counts, order);
  std::vector<T> send(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) send[i] = items[order[i]];
  return send;
}
}  // namespace detail

// Collective: every item goes to rank owner_of(item); returns the items this rank received.
template <class T, class OwnerOf>
std::vector<T> exchange_by_owner(const Comm& comm, const std::vector<T>& items,
                                 OwnerOf&& owner_of) {
  if (comm.size() == 1) return items;  // everything stays, in listing order
  std::vector<std::uint64_t> counts;
  const std::vector<T> send = detail::send_buffer(comm, items, owner_of, counts);
  return comm.alltoallv(send, counts);
}

// The same for items no longer needed: they are released before the alltoallv, so a large
// exchange holds two copies (sent and received) instead of three.
template <class T, class OwnerOf>
std::vector<T> exchange_by_owner(const Comm& comm, std::vector<T>&& items, OwnerOf&& owner_of) {
  if (comm.size() == 1) return std::move(items);
  std::vector<std::uint64_t> counts;
  const std::vector<T> send = detail::send_buffer(comm, items, owner_of, counts);
  std::vector<T>().swap(items);
  return comm.alltoallv(send, counts);
}

// Collective: asks the owner of every key for answer(key) (evaluated on the owner, in parallel);
// returns the answers aligned with `keys`.
template <class Reply, class Key, class OwnerOf, class Answer>
std::vector<Reply> query_by_owner(const Comm& comm, const std::vector<Key>& keys,
                                  OwnerOf&& owner_of, Answer&& answer) {
  if (comm.size() == 1) {  // this rank owns every key
    std::vector<Reply> out(keys.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, keys.size(), 4096),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i) out[i] = answer(keys[i]);
                      });
    return out;
  }
  std::vector<std::uint64_t> counts, recv_counts;
  std::vector<std::size_t> order;
  detail::bucket_by_owner(comm, keys, owner_of, counts, order);
  std::vector<Key> send(keys.size());
  for (std::size_t i = 0; i < order.size(); ++i) send[i] = keys[order[i]];
  const std::vector<Key> asked = comm.alltoallv(send, counts, &recv_counts);
  std::vector<Reply> replies(asked.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, asked.size(), 4096),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i)
                        replies[i] = answer(asked[i]);
                    });
  const std::vector<Reply> back = comm.alltoallv(replies, recv_counts);
  std::vector<Reply> out(keys.size());
  for (std::size_t i = 0; i < order.size(); ++i) out[order[i]] = back[i];
  return out;
}

}  // namespace nexus::engine
