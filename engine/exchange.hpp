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
// The destination rank of every item (owner_of called once per item), with the count per rank.
template <class OwnerOf, class T>
std::vector<std::uint32_t> destinations(const Comm& comm, const std::vector<T>& items,
                                        OwnerOf& owner_of, std::vector<std::uint64_t>& counts) {
  counts.assign(comm.size(), 0);
  std::vector<std::uint32_t> dest(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    ++counts[dest[i] = static_cast<std::uint32_t>(owner_of(items[i]))];
  return dest;
}

// Where each rank's share starts in a buffer grouped by rank.
inline std::vector<std::uint64_t> group_starts(const std::vector<std::uint64_t>& counts) {
  std::vector<std::uint64_t> at(counts.size(), 0);
  for (std::size_t r = 1; r < counts.size(); ++r) at[r] = at[r - 1] + counts[r - 1];
  return at;
}

// The send buffer of an exchange: items grouped by destination rank, each group in listing order
// (a stable counting sort that places every item directly: one pass to count, one to place).
template <class T, class OwnerOf>
std::vector<T> send_buffer(const Comm& comm, const std::vector<T>& items, OwnerOf& owner_of,
                           std::vector<std::uint64_t>& counts) {
  const std::vector<std::uint32_t> dest = destinations(comm, items, owner_of, counts);
  std::vector<std::uint64_t> at = group_starts(counts);
  std::vector<T> send(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) send[at[dest[i]]++] = items[i];
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
  const std::vector<std::uint32_t> dest = detail::destinations(comm, keys, owner_of, counts);
  std::vector<std::uint64_t> at = detail::group_starts(counts);
  std::vector<Key> send(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) send[at[dest[i]]++] = keys[i];
  const std::vector<Key> asked = comm.alltoallv(send, counts, &recv_counts);
  std::vector<Reply> replies(asked.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, asked.size(), 4096),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i)
                        replies[i] = answer(asked[i]);
                    });
  const std::vector<Reply> back = comm.alltoallv(replies, recv_counts);
  // The replies come back grouped as the keys were sent: the same walk puts them in key order.
  at = detail::group_starts(counts);
  std::vector<Reply> out(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) out[i] = back[at[dest[i]]++];
  return out;
}

}  // namespace nexus::engine
