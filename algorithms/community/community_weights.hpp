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
  struct Entry {
    engine::GlobalVertex community;
    double weight;
  };

  void clear() {
    for (std::size_t s : used_) slots_[s] = -1;
    used_.clear();
    entries_.clear();
  }
  void add(engine::GlobalVertex c, double w) {
    if (2 * (entries_.size() + 1) > slots_.size()) grow();
    const std::size_t i = find(c);
    std::int32_t& s = slots_[i];
    if (s < 0) {
      s = static_cast<std::int32_t>(entries_.size());
      entries_.push_back({c, 0.0});
      used_.push_back(i);
    }
    entries_[s].weight += w;
  }
  double get(engine::GlobalVertex c) const {
    if (slots_.empty()) return 0.0;
    const std::int32_t s = slots_[find(c)];
    return s < 0 ? 0.0 : entries_[s].weight;
  }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::size_t find(engine::GlobalVertex c) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = (c * 0x9E3779B97F4A7C15ull) >> 20 & mask;
    while (slots_[i] >= 0 && entries_[slots_[i]].community != c) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    slots_.assign(std::max<std::size_t>(64, 2 * slots_.size()), -1);
    used_.clear();
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      const std::size_t i = find(entries_[k].community);
      slots_[i] = static_cast<std::int32_t>(k);
      used_.push_back(i);
    }
  }

  std::vector<Entry> entries_;
  std::vector<std::int32_t> slots_;
  std::vector<std::size_t> used_;  // occupied slots, for clear()
};

}  // namespace nexus::algo::community
