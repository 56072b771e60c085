// Sample sort of (key, global id) rows; see key_order.hpp.
#include "partition/key_order.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "engine/exchange.hpp"

namespace nexus::partition {
namespace {

using engine::GlobalVertex;

// Rows of `stride` values (the key, then the global id), compared value by value.
class Rows {
 public:
  Rows(std::vector<std::uint64_t> values, std::size_t stride)
      : values_(std::move(values)), stride_(stride) {}
  std::size_t size() const { return values_.size() / stride_; }
  const std::uint64_t* row(std::size_t i) const { return values_.data() + i * stride_; }
  bool less(const std::uint64_t* a, const std::uint64_t* b) const {
    return std::lexicographical_compare(a, a + stride_, b, b + stride_);
  }
  // Sorts the rows (ties cannot occur: the last value is a unique vertex id).
  void sort() {
    std::vector<std::size_t> order(size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return less(row(a), row(b)); });
    std::vector<std::uint64_t> sorted(values_.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      std::copy_n(row(order[i]), stride_, sorted.begin() + i * stride_);
    values_.swap(sorted);
  }
  const std::vector<std::uint64_t>& values() const { return values_; }

 private:
  std::vector<std::uint64_t> values_;
  std::size_t stride_;
};

// p - 1 splitters from a regular sample of every rank's sorted rows (the same on every rank).
Rows splitters(const Rows& local, std::size_t stride, const engine::Comm& comm) {
  const std::size_t per_rank = std::min<std::size_t>(local.size(), 32 * comm.size());
  std::vector<std::uint64_t> sample;
  for (std::size_t i = 0; i < per_rank; ++i) {
    const std::uint64_t* r = local.row(i * local.size() / per_rank);
    sample.insert(sample.end(), r, r + stride);
  }
  Rows all(comm.allgatherv(sample), stride);
  all.sort();
  std::vector<std::uint64_t> cut;
  for (int k = 1; k < comm.size() && all.size() > 0; ++k) {
    const std::uint64_t* r = all.row(k * all.size() / comm.size());
    cut.insert(cut.end(), r, r + stride);
  }
  return Rows(std::move(cut), stride);
}

struct Label {
  GlobalVertex vertex, label;
};

}  // namespace

std::vector<GlobalVertex> labels_in_key_order(const std::vector<std::uint64_t>& keys,
                                              std::size_t width,
                                              const engine::VertexDistribution& dist,
                                              const engine::Comm& comm) {
  const GlobalVertex first = dist.begin(comm.rank());
  const std::uint64_t owned = dist.count(comm.rank());
  if (width == 0 || keys.size() != owned * width)
    throw std::logic_error("labels_in_key_order: expected `width` keys per owned vertex");
  const std::size_t stride = width + 1;
  std::vector<std::uint64_t> values(owned * stride);
  for (std::uint64_t v = 0; v < owned; ++v) {
    std::copy_n(keys.begin() + v * width, width, values.begin() + v * stride);
    values[v * stride + width] = first + v;
  }
  Rows local(std::move(values), stride);
  local.sort();
  // The rows are sorted, so each rank's share is a contiguous run: rows below the first
  // splitter go to rank 0, and so on.
  const Rows cut = splitters(local, stride, comm);
  std::vector<std::uint64_t> counts(comm.size(), 0);
  for (std::size_t i = 0, k = 0; i < local.size(); ++i) {
    while (k < cut.size() && !local.less(local.row(i), cut.row(k))) ++k;
    counts[k] += stride;
  }
  Rows mine(comm.alltoallv(local.values(), counts), stride);
  mine.sort();
  const GlobalVertex base = comm.exclusive_prefix_sum<std::uint64_t>(mine.size());
  std::vector<Label> labels(mine.size());
  for (std::size_t i = 0; i < mine.size(); ++i) labels[i] = {mine.row(i)[width], base + i};
  std::vector<GlobalVertex> out(owned);
  for (const Label& l : engine::exchange_by_owner(
           comm, std::move(labels), [&](const Label& l) { return dist.owner(l.vertex); }))
    out[l.vertex - first] = l.label;
  return out;
}

}  // namespace nexus::partition
