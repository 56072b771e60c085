// CommunityWeights: a small per-thread map from community id to the weight of a vertex's arcs
// into it, kept in first-seen (arc) order so that every sum runs in the same order on any
// partition. Open addressing over a power-of-two slot table, cleared in O(entries).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/types.hpp"

namespace nexus::algo::community {

class CommunityWeights {
 public:
  CommunityWeights() : slots_(64) {}
  struct Entry {
    engine::GlobalVertex community;
    double weight;
  };

  void clear() {
    for (std::size_t s : used_) slots_[s].entry = kFree;
    used_.clear();
    entries_.clear();
  }
  [[gnu::always_inline]] void add(engine::GlobalVertex c, double w) {
    std::size_t i = find(c);
    if (slots_[i].entry == kFree) {
      if (2 * (entries_.size() + 1) > slots_.size()) {
        grow();
        i = find(c);
      }
      slots_[i] = {c, static_cast<std::int32_t>(entries_.size())};
      entries_.push_back({c, 0.0 + w});  // as if added to a zero
      used_.push_back(i);
      return;
    }
    entries_[slots_[i].entry].weight += w;
  }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  static constexpr std::int32_t kFree = -1;
  struct Slot {
    engine::GlobalVertex community = 0;
    std::int32_t entry = kFree;  // index into entries_
  };

  // The slot of c, or the free slot where it would go.
  std::size_t find(engine::GlobalVertex c) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = (c * 0x9E3779B97F4A7C15ull) >> 20 & mask;
    while (slots_[i].entry != kFree && slots_[i].community != c) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    slots_.assign(2 * slots_.size(), Slot{});
    used_.clear();
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      const std::size_t i = find(entries_[k].community);
      slots_[i] = {entries_[k].community, static_cast<std::int32_t>(k)};
      used_.push_back(i);
    }
  }

  std::vector<Entry> entries_;
  std::vector<Slot> slots_;
  std::vector<std::size_t> used_;  // occupied slots, for clear()
};

}  // namespace nexus::algo::community
