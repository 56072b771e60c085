// profile_partition: one pass over the slab counting, per target rank, the arcs it will own, the
// arcs that cross to another rank, and (sketched) the distinct other endpoints of those.
#include "jobs/partition_profile.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <span>

namespace nexus::jobs {
namespace {

std::uint64_t mix64(std::uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

void DistinctCounter::add(std::uint64_t value) {
  const std::uint64_t h = mix64(value + 0x9e3779b97f4a7c15ULL);
  const std::size_t index = h >> (64 - kBits);
  const std::uint64_t rest = (h << kBits) | (std::uint64_t{1} << (kBits - 1));  // never all zero
  const auto rank = static_cast<std::uint8_t>(std::countl_zero(rest) + 1);
  registers_[index] = std::max(registers_[index], rank);
}

double DistinctCounter::estimate() const {
  const double m = static_cast<double>(registers_.size());
  double sum = 0;
  std::size_t zeros = 0;
  for (std::uint8_t r : registers_) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0 ? 1 : 0;
  }
  const double raw = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  if (raw <= 2.5 * m && zeros > 0) return m * std::log(m / static_cast<double>(zeros));
  return raw;
}

memory::RankShape profile_partition(const engine::EdgeSlab& slab,
                                    const engine::VertexDistribution& dist, bool weighted,
                                    const engine::Comm& comm) {
  const int p = dist.num_ranks();
  // Per target rank: out arcs, in arcs, cut arcs.
  std::vector<std::uint64_t> counts(3 * static_cast<std::size_t>(p), 0);
  std::vector<DistinctCounter> ghosts(p);
  auto arc = [&](std::uint64_t from, std::uint64_t to, std::size_t kind) {
    const int r = dist.owner(from);
    ++counts[3 * r + kind];
    if (dist.owner(to) != r) {
      ++counts[3 * r + 2];
      ghosts[r].add(to);
    }
  };
  for (std::size_t i = 0; i < slab.size(); ++i) {
    const auto a = slab.src[i], b = slab.dst[i];
    if (slab.directed) {
      arc(a, b, 0);
      arc(b, a, 1);
    } else {
      arc(a, b, 0);
      if (a != b) arc(b, a, 0);
    }
  }
  comm.allreduce(std::span<std::uint64_t>(counts), engine::ReduceOp::kSum);
  memory::RankShape s;
  s.ranks = p;
  s.directed = slab.directed;
  s.weighted = weighted;
  s.slab_edges = (slab.num_edges + p - 1) / static_cast<std::uint64_t>(std::max(p, 1));
  // All sketches in one allreduce (element-wise max merges HyperLogLog registers).
  const std::size_t width = std::size_t{1} << DistinctCounter::kBits;
  std::vector<std::uint8_t> all(width * static_cast<std::size_t>(p));
  for (int r = 0; r < p; ++r)
    std::copy(ghosts[r].registers().begin(), ghosts[r].registers().end(), all.begin() + r * width);
  comm.allreduce(std::span<std::uint8_t>(all), engine::ReduceOp::kMax);
  for (int r = 0; r < p; ++r) {
    std::copy(all.begin() + r * width, all.begin() + (r + 1) * width,
              ghosts[r].registers().begin());
    const auto g = static_cast<std::uint64_t>(std::llround(ghosts[r].estimate()));
    s.owned = std::max(s.owned, dist.count(r));
    s.out_arcs = std::max(s.out_arcs, counts[3 * r]);
    s.in_arcs = std::max(s.in_arcs, counts[3 * r + 1]);
    s.cut_arcs = std::max(s.cut_arcs, counts[3 * r + 2]);
    s.ghosts = std::max(s.ghosts, std::min(g, dist.num_vertices() - dist.count(r)));
  }
  s.halo_sends = s.ghosts;
  s.halo_peers = 2 * static_cast<std::uint64_t>(p - 1);
  return s;
}

}  // namespace nexus::jobs
