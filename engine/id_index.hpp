// IdIndex: a set of global ids, each numbered by the order in which it was first added. Open
// addressing over a power-of-two table (at most half full) whose slots hold the id itself, so a
// lookup is one probe into one array. Used where a rank meets the same remote id many times: the
// ghosts of a graph being built (every arc to another rank names one), the remote communities of
// local moving's snapshots. Lookups are const and may run on many threads at once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "engine/types.hpp"

namespace nexus::engine {

class IdIndex {
 public:
  IdIndex() = default;
  // Room for `expected` ids without growing.
  explicit IdIndex(std::size_t expected) {
    ids_.reserve(expected);
    rehash(expected);
  }

  void clear() {
    ids_.clear();
    slots_.clear();
  }
  // Adds g unless it is there; returns its number.
  std::size_t add(GlobalVertex g) {
    if (2 * (ids_.size() + 1) > slots_.size()) rehash(ids_.size() + 1);
    Slot& s = slots_[find(g)];
    if (s.number == kEmpty) {
      if (ids_.size() >= kEmpty)
        throw std::length_error("IdIndex: more than 2^32 - 1 distinct ids on one rank");
      s = {g, static_cast<std::uint32_t>(ids_.size())};
      ids_.push_back(g);
    }
    return s.number;
  }
  // The ids in the order they were first added.
  const std::vector<GlobalVertex>& ids() const { return ids_; }
  // The number of g, which must be there.
  std::size_t index_of(GlobalVertex g) const { return slots_[find(g)].number; }

 private:
  static constexpr std::uint32_t kEmpty = ~std::uint32_t{0};
  struct Slot {
    GlobalVertex id = 0;
    std::uint32_t number = kEmpty;
  };

  std::size_t find(GlobalVertex g) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = (g * 0x9E3779B97F4A7C15ull) >> 20 & mask;
    while (slots_[i].number != kEmpty && slots_[i].id != g) i = (i + 1) & mask;
    return i;
  }
  // A table for at least `count` ids at most half full; the ids so far keep their numbers.
  void rehash(std::size_t count) {
    std::size_t size = std::max<std::size_t>(64, slots_.size());
    while (size < 2 * count) size *= 2;
    slots_.assign(size, Slot{});
    for (std::size_t k = 0; k < ids_.size(); ++k)
      slots_[find(ids_[k])] = {ids_[k], static_cast<std::uint32_t>(k)};
  }

  std::vector<GlobalVertex> ids_;
  std::vector<Slot> slots_;
};

}  // namespace nexus::engine
