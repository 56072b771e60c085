// Numbering communities by their smallest member: labels are reduced at their owners (smallest
// member, size), roots (smallest members) are numbered in global-id order by a prefix sum over
// the ranks that own them, and every vertex asks its label's owner for the number.
#include "algorithms/community/community_ids.hpp"

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <bit>
#include <functional>

#include "engine/exchange.hpp"

namespace nexus::algo {
namespace {

using engine::GlobalVertex;

struct LabelInfo {
  GlobalVertex label;
  GlobalVertex smallest;
  std::uint64_t size;
};
struct LabelId {
  GlobalVertex label;
  std::int64_t id;
};

// Distinct labels of this rank with their smallest owned member and member count.
std::vector<LabelInfo> local_labels(const engine::DistGraph& g,
                                    std::span<const GlobalVertex> label) {
  std::vector<std::pair<GlobalVertex, GlobalVertex>> pairs(label.size());
  for (std::size_t v = 0; v < label.size(); ++v)
    pairs[v] = {label[v], g.to_global(static_cast<engine::LocalVertex>(v))};
  tbb::parallel_sort(pairs.begin(), pairs.end());
  std::vector<LabelInfo> out;
  for (const auto& [l, v] : pairs) {
    if (out.empty() || out.back().label != l)
      out.push_back({l, v, 1});
    else
      ++out.back().size;
  }
  return out;
}

// Combines the partial infos of each label (sorted by label, smallest member, summed size).
std::vector<LabelInfo> combine(std::vector<LabelInfo> parts) {
  std::sort(parts.begin(), parts.end(),
            [](const LabelInfo& a, const LabelInfo& b) { return a.label < b.label; });
  std::vector<LabelInfo> out;
  for (const LabelInfo& p : parts) {
    if (out.empty() || out.back().label != p.label) {
      out.push_back(p);
    } else {
      out.back().smallest = std::min(out.back().smallest, p.smallest);
      out.back().size += p.size;
    }
  }
  return out;
}

// Count, ten largest and log2 histogram of sizes spread over the ranks (zero sizes ignored).
CommunitySizes summarize_sizes(std::vector<std::uint64_t> sizes, const engine::Comm& comm) {
  CommunitySizes out;
  std::erase(sizes, 0);
  out.count = comm.sum<std::uint64_t>(sizes.size());
  std::vector<std::uint64_t> hist(64, 0);
  for (auto s : sizes) ++hist[std::bit_width(s) - 1];
  comm.allreduce(std::span<std::uint64_t>(hist), engine::ReduceOp::kSum);
  while (!hist.empty() && hist.back() == 0) hist.pop_back();
  out.histogram = hist;
  const std::size_t k = std::min<std::size_t>(10, sizes.size());
  std::partial_sort(sizes.begin(), sizes.begin() + k, sizes.end(), std::greater<>());
  sizes.resize(k);
  auto all = comm.allgatherv(sizes);
  std::sort(all.begin(), all.end(), std::greater<>());
  all.resize(std::min<std::size_t>(10, all.size()));
  out.largest = all;
  return out;
}

}  // namespace

NumberedCommunities number_by_smallest_member(const engine::DistGraph& g, const engine::Comm& comm,
                                              std::span<const GlobalVertex> label,
                                              const engine::VertexDistribution& label_owner) {
  const auto mine = local_labels(g, label);
  auto owner_of_label = [&](const auto& x) { return label_owner.owner(x.label); };
  const auto infos = combine(engine::exchange_by_owner(comm, mine, owner_of_label));
  // Roots go to the rank owning the smallest member; numbered there in global-id order.
  auto roots = engine::exchange_by_owner(
      comm, infos, [&](const LabelInfo& x) { return g.distribution().owner(x.smallest); });
  std::sort(roots.begin(), roots.end(),
            [](const LabelInfo& a, const LabelInfo& b) { return a.smallest < b.smallest; });
  const auto first = comm.exclusive_prefix_sum<std::int64_t>(std::ssize(roots));
  std::vector<LabelId> ids(roots.size());
  for (std::size_t i = 0; i < roots.size(); ++i)
    ids[i] = {roots[i].label, first + static_cast<std::int64_t>(i)};
  auto numbered = engine::exchange_by_owner(comm, ids, owner_of_label);
  std::sort(numbered.begin(), numbered.end(),
            [](const LabelId& a, const LabelId& b) { return a.label < b.label; });
  std::vector<GlobalVertex> keys(mine.size());
  for (std::size_t i = 0; i < mine.size(); ++i) keys[i] = mine[i].label;
  const auto answers = engine::query_by_owner<std::int64_t>(
      comm, keys, [&](GlobalVertex l) { return label_owner.owner(l); },
      [&](GlobalVertex l) {
        return std::lower_bound(
                   numbered.begin(), numbered.end(), LabelId{l, 0},
                   [](const LabelId& a, const LabelId& b) { return a.label < b.label; })
            ->id;
      });
  NumberedCommunities out;
  out.id.resize(label.size());
  for (std::size_t v = 0; v < label.size(); ++v)
    out.id[v] = answers[std::lower_bound(keys.begin(), keys.end(), label[v]) - keys.begin()];
  std::vector<std::uint64_t> sizes(roots.size());
  for (std::size_t i = 0; i < roots.size(); ++i) sizes[i] = roots[i].size;
  out.sizes = summarize_sizes(sizes, comm);
  return out;
}

namespace {
struct KeyValue {
  GlobalVertex key, value;
};
}  // namespace

std::vector<GlobalVertex> smallest_per_key(std::span<const GlobalVertex> keys,
                                           std::span<const GlobalVertex> values,
                                           const engine::VertexDistribution& key_owner,
                                           const engine::Comm& comm) {
  const GlobalVertex first = key_owner.begin(comm.rank());
  std::vector<KeyValue> mine(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) mine[i] = {keys[i], values[i]};
  std::vector<GlobalVertex> smallest(key_owner.count(comm.rank()), ~GlobalVertex{0});
  for (const KeyValue& x : engine::exchange_by_owner(
           comm, std::move(mine), [&](const KeyValue& x) { return key_owner.owner(x.key); }))
    smallest[x.key - first] = std::min(smallest[x.key - first], x.value);
  return engine::query_by_owner<GlobalVertex>(
      comm, std::vector<GlobalVertex>(keys.begin(), keys.end()),
      [&](GlobalVertex k) { return key_owner.owner(k); },
      [&](GlobalVertex k) { return smallest[k - first]; });
}

CommunitySizes community_sizes(std::span<const std::int64_t> id, const engine::Comm& comm) {
  std::int64_t local_max = -1;
  for (auto c : id) local_max = std::max(local_max, c);
  const auto k = static_cast<std::uint64_t>(comm.max(local_max) + 1);
  const auto dist = engine::VertexDistribution::uniform(k, comm.size());
  std::vector<std::int64_t> ids(id.begin(), id.end());
  const auto got = engine::exchange_by_owner(
      comm, ids, [&](std::int64_t c) { return dist.owner(static_cast<GlobalVertex>(c)); });
  std::vector<std::uint64_t> sizes(dist.count(comm.rank()), 0);
  for (auto c : got) ++sizes[static_cast<GlobalVertex>(c) - dist.begin(comm.rank())];
  return summarize_sizes(sizes, comm);
}

}  // namespace nexus::algo
