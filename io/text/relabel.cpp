// Sample-sort relabelling (integer ids and names) and the dense Matrix Market mapping.
#include "io/text/relabel.hpp"

#include <algorithm>
#include <bit>

#include "engine/distribution.hpp"
#include "io/text/key_exchange.hpp"

namespace nexus::io::text {
namespace {

// The result of the sample sort for one rank: labels of its own distinct keys, and its bucket.
template <class Key>
struct SortedKeys {
  std::vector<std::uint64_t> labels;  // labels[i] is the label of local[i]
  std::vector<Key> bucket;            // the sorted distinct keys this rank owns
  std::uint64_t base = 0;             // label of bucket[0]
  std::uint64_t total = 0;            // distinct keys over all ranks
};

// P-1 splitters from evenly spaced samples of every rank's sorted distinct keys.
template <class Key>
std::vector<Key> choose_splitters(const engine::Comm& comm, const std::vector<Key>& local) {
  const std::size_t want = std::min<std::size_t>(local.size(), 16 * comm.size() + 16);
  std::vector<Key> samples;
  for (std::size_t i = 0; i < want; ++i) samples.push_back(local[i * local.size() / want]);
  std::vector<Key> all = gather_keys(comm, samples);
  std::sort(all.begin(), all.end());
  std::vector<Key> splitters;
  if (all.empty()) return splitters;
  for (int r = 1; r < comm.size(); ++r) {
    splitters.push_back(all[static_cast<std::size_t>(r) * all.size() / comm.size()]);
  }
  return splitters;
}

// Collective. `local` is sorted and distinct. Keys <= splitters[0] go to rank 0, and so on.
template <class Key>
SortedKeys<Key> sample_sort(const engine::Comm& comm, const std::vector<Key>& local) {
  const std::vector<Key> splitters = choose_splitters(comm, local);
  std::vector<std::uint64_t> counts(comm.size(), 0);
  std::size_t prev = 0;
  for (int r = 0; r < comm.size(); ++r) {
    std::size_t bound = local.size();
    if (static_cast<std::size_t>(r) < splitters.size()) {
      bound = std::upper_bound(local.begin(), local.end(), splitters[r]) - local.begin();
    }
    counts[r] = bound - prev;
    prev = bound;
  }
  std::vector<std::uint64_t> recv_counts;
  const std::vector<Key> recv = exchange_keys(comm, local, counts, &recv_counts);
  SortedKeys<Key> out;
  out.bucket = recv;
  std::sort(out.bucket.begin(), out.bucket.end());
  out.bucket.erase(std::unique(out.bucket.begin(), out.bucket.end()), out.bucket.end());
  out.base = comm.exclusive_prefix_sum<std::uint64_t>(out.bucket.size());
  out.total = comm.sum<std::uint64_t>(out.bucket.size());
  std::vector<std::uint64_t> answers(recv.size());
  for (std::size_t i = 0; i < recv.size(); ++i) {
    answers[i] = out.base + static_cast<std::uint64_t>(
                                std::lower_bound(out.bucket.begin(), out.bucket.end(), recv[i]) -
                                out.bucket.begin());
  }
  out.labels = comm.alltoallv(answers, recv_counts);
  return out;
}

// Translates integer ids through the sorted `keys` -> `labels`: a direct table when the ids are
// dense enough (the usual case), else binary search.
void translate(const std::vector<std::int64_t>& keys, const std::vector<std::uint64_t>& labels,
               const std::vector<std::int64_t>& ids, std::vector<engine::GlobalVertex>& out) {
  out.resize(ids.size());
  if (keys.empty()) return;
  const auto lo = static_cast<std::uint64_t>(keys.front());
  const std::uint64_t span = static_cast<std::uint64_t>(keys.back()) - lo + 1;
  if (span <= 4 * keys.size() + 4096) {
    std::vector<std::uint64_t> table(span, 0);
    for (std::size_t i = 0; i < keys.size(); ++i) table[keys[i] - lo] = labels[i];
    for (std::size_t e = 0; e < ids.size(); ++e) out[e] = table[ids[e] - lo];
    return;
  }
  for (std::size_t e = 0; e < ids.size(); ++e) {
    out[e] = labels[std::lower_bound(keys.begin(), keys.end(), ids[e]) - keys.begin()];
  }
}

// This rank's distinct ids in sorted order: a bitmap over [min, max] when the ids are dense
// enough (the usual case, O(m + span)), else sort and unique.
std::vector<std::int64_t> distinct_sorted(const std::vector<std::int64_t>& a,
                                          const std::vector<std::int64_t>& b) {
  std::vector<std::int64_t> keys;
  if (a.empty()) return keys;
  const auto [amin, amax] = std::minmax_element(a.begin(), a.end());
  const auto [bmin, bmax] = std::minmax_element(b.begin(), b.end());
  const std::int64_t lo = std::min(*amin, *bmin), hi = std::max(*amax, *bmax);
  const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  if (span / 32 > a.size() + b.size()) {
    keys.reserve(a.size() + b.size());
    keys.insert(keys.end(), a.begin(), a.end());
    keys.insert(keys.end(), b.begin(), b.end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
  }
  std::vector<std::uint64_t> bits((span + 63) / 64, 0);
  for (const auto* v : {&a, &b}) {
    for (auto id : *v) bits[(id - lo) >> 6] |= std::uint64_t{1} << ((id - lo) & 63);
  }
  for (std::size_t w = 0; w < bits.size(); ++w) {
    for (std::uint64_t x = bits[w]; x != 0; x &= x - 1) {
      keys.push_back(lo + static_cast<std::int64_t>(w * 64 + std::countr_zero(x)));
    }
  }
  return keys;
}

Relabelled start(RawEdges& raw, std::uint64_t n) {
  Relabelled out;
  out.slab.num_vertices = n;
  out.slab.weighted = raw.weighted;
  out.slab.weight = std::move(raw.weight);
  return out;
}

}  // namespace

Relabelled relabel_integer_ids(RawEdges&& raw, const engine::Comm& comm) {
  const std::vector<std::int64_t> keys = distinct_sorted(raw.src, raw.dst);
  SortedKeys<std::int64_t> sorted = sample_sort(comm, keys);
  Relabelled out = start(raw, sorted.total);
  translate(keys, sorted.labels, raw.src, out.slab.src);
  translate(keys, sorted.labels, raw.dst, out.slab.dst);
  raw.src = {};  // the original ids are no longer needed
  raw.dst = {};
  out.ids.first = sorted.base;
  out.ids.ids = std::move(sorted.bucket);
  return out;
}

// Names: each rank sorts its distinct names (a permutation of its local name indices), the sample
// sort numbers them globally, and endpoints (local name indices) map through a direct table.
Relabelled relabel_names(RawEdges&& raw, const engine::Comm& comm) {
  std::vector<std::uint32_t> order(raw.names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return raw.names[a] < raw.names[b]; });
  std::vector<std::string> keys;
  keys.reserve(order.size());
  for (auto i : order) keys.push_back(std::move(raw.names[i]));
  SortedKeys<std::string> sorted = sample_sort(comm, keys);
  std::vector<std::uint64_t> label_of(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) label_of[order[k]] = sorted.labels[k];
  Relabelled out = start(raw, sorted.total);
  out.slab.src.resize(raw.src.size());
  out.slab.dst.resize(raw.dst.size());
  for (std::size_t e = 0; e < raw.src.size(); ++e) {
    out.slab.src[e] = label_of[raw.src[e]];
    out.slab.dst[e] = label_of[raw.dst[e]];
  }
  out.ids.first = sorted.base;
  out.ids.names = std::move(sorted.bucket);
  return out;
}

Relabelled relabel_dense_one_based(RawEdges&& raw, std::uint64_t n, const engine::Comm& comm) {
  Relabelled out = start(raw, n);
  out.slab.src.resize(raw.src.size());
  out.slab.dst.resize(raw.dst.size());
  for (std::size_t e = 0; e < raw.src.size(); ++e) {
    out.slab.src[e] = static_cast<engine::GlobalVertex>(raw.src[e] - 1);
    out.slab.dst[e] = static_cast<engine::GlobalVertex>(raw.dst[e] - 1);
  }
  const auto dist = engine::VertexDistribution::uniform(n, comm.size());
  out.ids.first = dist.begin(comm.rank());
  for (auto v = dist.begin(comm.rank()); v < dist.end(comm.rank()); ++v) {
    out.ids.ids.push_back(static_cast<std::int64_t>(v + 1));
  }
  return out;
}

}  // namespace nexus::io::text
