// The memory model: bytes per phase from the allocations the code makes (each term names them).
#include "jobs/memory_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nexus::jobs::memory {
namespace {

using u64 = std::uint64_t;

constexpr u64 kRoundEdges = u64{1} << 22;      // build_dist_graph's kRoundEdges
constexpr u64 kBaseline = u64{30} << 20;       // measured: 28 MiB for nexus on a 16-vertex graph
constexpr u64 kPerThread = u64{2} << 20;       // TBB worker stacks and arenas, per extra thread
constexpr u64 kWriterBuffers = u64{24} << 20;  // HDF5 chunk and gzip buffers of the write

u64 weight_bytes(const RankShape& s) {
  return s.weighted ? 4 : 0;
}
u64 local_rows(const RankShape& s) {
  return s.owned + s.ghosts;
}
u64 arcs(const RankShape& s) {
  return s.out_arcs + s.in_arcs;
}

u64 csr_bytes(u64 owned, u64 num_arcs, u64 w) {
  return (owned + 1) * 8 + num_arcs * (4 + w);
}

// Aggregation of the first level of Louvain or Leiden (algorithms/community/aggregate.cpp), from
// the rank's arcs A. Louvain's moved communities leave P = 0.35 A partial sums and U = 0.12 A
// coarse edges (the simple R-MAT 22 graph of bench/community_graphs.py; 0.27 A and 0.09 A on an
// R-MAT file with duplicate edges), Leiden's refined, smaller ones P = 0.46 A and U = 0.49 A. With
// several ranks an allowance for the uneven spread of coarse edges, measured when the coarse
// graph was split in equal vertex counts (Louvain's hub communities put up to 1.5x the average
// on the rank of the smallest ids; R-MAT 22 at two ranks: 2.8 GiB on rank 0, 1.8 GiB on rank 1)
// and kept as a margin now that the split follows the estimated arcs. Alive
// at the peak: the per-block partial lists (24 B each; freed into the threads' malloc arenas,
// which stay resident), then the larger of the partials sent and received (48 B each) and the
// kept and mirrored coarse edges next to the rows being filled (72 B each). Not counted: the
// grouping's row counts per thread block (8 B per coarse row and thread, and under 4 B per
// partial: at most 16 MiB for R-MAT 20 at two threads, about 1.5 % of the estimate).
// One rank makes no partial lists: its rows' sums (16 B per coarse edge, twice while the thread
// blocks' lists are joined) and then, next to them, the coarse rows (two arcs of 12 B per edge),
// 40 B per coarse edge. Leiden's level 1 is nearly as large as its level 0 (refined communities
// are small; R-MAT 20: 12.2 M coarse edges after 15.3 M), and its aggregation, with the level-1
// graph (16 B per level-0 coarse edge) and state alive, is then the peak (found by sampling the
// resident size of R-MAT 20 at 1x2): 58 B per level-0 coarse edge, as measured on R-MAT 20 and
// 22 (48 B from the lists and the graph left 10 B per edge unexplained at both scales).
u64 aggregation_bytes(const RankShape& s, const std::string& algorithm) {
  const bool leiden = algorithm == "leiden";
  const double skew = s.ranks > 1 && !leiden ? 1.4 : 1.0;
  const double a = static_cast<double>(s.out_arcs + s.in_arcs) * skew;
  const u64 partials = static_cast<u64>((leiden ? 0.46 : 0.35) * a);
  const u64 coarse = static_cast<u64>((leiden ? 0.49 : 0.12) * a);
  if (s.ranks == 1) return (leiden ? 58 : 40) * coarse;
  return 24 * partials + std::max(48 * partials, 72 * coarse);
}

}  // namespace

RankShape shape_from_counts(u64 num_vertices, u64 num_edges, bool directed, bool weighted,
                            int ranks) {
  RankShape s;
  const u64 p = static_cast<u64>(std::max(ranks, 1));
  s.ranks = static_cast<int>(p);
  s.directed = directed;
  s.weighted = weighted;
  s.slab_edges = (num_edges + p - 1) / p;
  s.owned = (num_vertices + p - 1) / p;
  const double skew = p > 1 ? 1.05 : 1.0;
  const u64 total_arcs = directed ? num_edges : 2 * num_edges;
  s.out_arcs = static_cast<u64>(std::ceil(skew * static_cast<double>(total_arcs) / p));
  s.in_arcs = directed ? s.out_arcs : 0;
  s.cut_arcs = (s.out_arcs + s.in_arcs) / p * (p - 1);
  s.ghosts = std::min(num_vertices - std::min(num_vertices, s.owned), s.cut_arcs);
  s.halo_sends = s.ghosts;
  s.halo_peers = 2 * (p - 1);
  return s;
}

u64 graph_bytes(const RankShape& s) {  // an undirected graph's empty in-CSR keeps one offset
  const u64 w = weight_bytes(s);
  return csr_bytes(s.owned, s.out_arcs, w) + (s.directed ? csr_bytes(s.owned, s.in_arcs, w) : 8) +
         s.ghosts * 8 + s.halo_sends * 4 + s.halo_peers * 24;  // a Peer: rank, offset, count
}

u64 load_bytes(const RankShape& s) {
  const u64 w = weight_bytes(s);
  const u64 slab = s.slab_edges * (16 + w);
  // One routing round: arcs of up to 2^22 slab edges as 16-byte (owned, other) pairs plus weights,
  // the send buffer and the received one alive together.
  const u64 round_arcs = std::min(s.slab_edges, kRoundEdges) * (s.directed ? 1 : 2);
  const u64 round = round_arcs * (32 + 2 * w);
  const u64 entry = 12 + w;  // routed arc: local owned id, global other id, weight
  const u64 route_out = slab + s.out_arcs * entry + round;
  const u64 route_in = s.directed ? slab + (s.out_arcs + s.in_arcs) * entry + round : 0;
  // Ghost discovery: a hash set of the distinct cut endpoints (16-byte slots, at most 4 per id),
  // its ids (vector growth) and their sorted copy; then the index of the sorted ids (72 B/ghost).
  const u64 ghosts = arcs(s) * entry + s.ghosts * 88;
  // CSR assembly: the list's owned ids and the new local ids next to the global ones (16 B/arc),
  // the ghost index and the graph's ghost list.
  const u64 out_csr = csr_bytes(s.owned, s.out_arcs, w);
  const u64 assemble_out = s.in_arcs * entry + s.out_arcs * (16 + w) + s.owned * 16 + s.ghosts * 80;
  const u64 assemble_in = out_csr + s.in_arcs * (16 + w) + s.owned * 16 + s.ghosts * 80;
  const u64 halo = graph_bytes(s) + s.halo_sends * 8;  // the requests' alltoallv
  return std::max({route_out, route_in, ghosts, assemble_out, assemble_in, halo});
}

u64 output_bytes(const RankShape& s, const TaskShape& t) {
  if (t.algorithm == "fastrp" || t.algorithm == "spectral")
    return s.owned * static_cast<u64>(std::max(t.dim, 0)) * 4;  // float32 rows
  return s.owned * 8;                                           // float64 or int64 values
}

u64 task_bytes(const RankShape& s, const TaskShape& t) {
  const u64 l = local_rows(s), o = s.owned, h = s.halo_sends, out = output_bytes(s, t);
  const u64 d = static_cast<u64>(std::max(t.dim, 0));
  if (t.algorithm == "pagerank")  // rank, next, strength, share64 (double); share32 (float)
    return l * 36 + h * 8 + out;
  if (t.algorithm == "wcc")  // labels; next, parent, depth, numbering pairs per owned vertex
    return l * 8 + o * 60 + h * 8 + out;
  if (t.algorithm == "louvain" || t.algorithm == "leiden") {
    // Community state and tables per local vertex, coarse ids, the first aggregation.
    return l * 64 + o * 48 + aggregation_bytes(s, t.algorithm) + out;
  }
  if (t.algorithm == "fastrp") {
    // degree (double) and scales, a block's random signs (int8 rows), the float rows of cur (with
    // ghost rows) and next (owned rows only) and the halo's send rows, the squared norms (double,
    // per iterate), the result rows.
    const u64 steps = static_cast<u64>(std::max(t.steps, 1));
    const u64 w = t.block_columns > 0 ? std::min(d, static_cast<u64>(t.block_columns)) : d;
    const u64 iterates = (steps > 1 ? l : 0) + (steps > 2 ? o : 0);
    return l * (8 + 4 + w) + iterates * w * 4 + h * w * 4 + o * (steps + 1) * 8 + out;
  }
  if (t.algorithm == "spectral") {
    // Arc offsets and degrees throughout. The randomized SVD: F and F^T per arc (two floats), two
    // blocks of dim + oversampling float columns, the products' input with ghost rows and their
    // output with owned rows only (orthonormalised in place; U, owned rows, takes the output's
    // place and F's). The Chebyshev filter: the factorised block (dim columns, owned rows),
    // filtered in place in panels of up to 32 columns with six panel blocks, the adjacency and
    // weights per arc (two floats), the diagonal and ones per owned vertex. The result rows are
    // copied out of the filtered block when both panels and F are gone.
    const u64 cols = d + static_cast<u64>(std::max(t.oversampling, 0));
    const u64 panel = std::min<u64>(d, 32);
    const u64 base = o * 8 + l * 8;
    const u64 svd = arcs(s) * 8 + (l + o) * cols * 4 + h * cols * 4;
    const u64 filter =
        t.steps > 1 ? arcs(s) * 8 + o * 16 + o * d * 4 + 6 * l * panel * 4 + h * panel * 4 : 0;
    return base + std::max({svd, filter, o * d * 4 + out});
  }
  if (t.algorithm == "reorder") {
    // `nexus reorder`'s rewrite (io/graph_relabel.cpp), after the graph is freed (so its bytes,
    // which the phase counts as resident, are taken off): the edges re-read, renamed through
    // owner queries and sorted by the import's edge policies over ranges of about equal edges,
    // 78 bytes an edge at the peak (the slab beside the sort's records and their copy, plus
    // what the heap keeps; calibrated on R-MAT 20 at 1 and 2 ranks, 1.14-1.20 GiB and 737 MiB
    // per rank, and R-MAT 22 at 1 rank, 4.82 GiB), 8 more with weights; labels and ids per
    // owned vertex.
    const u64 rewrite = s.slab_edges * (s.weighted ? 86 : 78) + o * 24;
    return rewrite > graph_bytes(s) ? rewrite - graph_bytes(s) : 0;
  }
  return l * 32 + out;  // an unknown task: a few vertex arrays
}

u64 baseline_bytes(int threads) {
  return kBaseline + kPerThread * static_cast<u64>(std::max(threads - 1, 0));
}

Estimate estimate(const RankShape& s, const std::vector<TaskShape>& tasks, int threads) {
  Estimate e;
  e.baseline = baseline_bytes(threads);
  e.graph = graph_bytes(s);
  const u64 resident = e.baseline + e.graph + s.owned * 8;  // + original ids of owned vertices
  e.phases.push_back({"load", e.baseline + load_bytes(s)});
  u64 kept = 0, largest_output = 0;
  for (const TaskShape& t : tasks) {
    e.phases.push_back({"task " + t.algorithm, resident + kept + task_bytes(s, t)});
    kept += output_bytes(s, t);
    largest_output = std::max(largest_output, output_bytes(s, t));
  }
  e.phases.push_back({"write", resident + kept + largest_output + kWriterBuffers});
  for (const Phase& p : e.phases)
    if (p.bytes > e.peak) e.peak = p.bytes, e.peak_phase = p.name;
  return e;
}

Estimate fit_blocks(const RankShape& s, std::vector<TaskShape>& tasks, int threads, u64 limit) {
  Estimate e = estimate(s, tasks, threads);
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    TaskShape& t = tasks[k];
    if (t.algorithm != "fastrp" || t.block_columns != 0 || t.dim < 2) continue;
    const u64 phase = e.phases[k + 1].bytes;  // phases: load, then one per task
    if (phase <= limit) continue;
    const u64 other = phase - task_bytes(s, t);
    auto fits = [&](int width) {
      TaskShape b = t;
      b.block_columns = width;
      return other + task_bytes(s, b) <= limit;
    };
    int widest = 0, hi = t.dim - 1;  // fits(widest) or widest == 0; no width above hi fits
    while (widest < hi) {
      const int mid = widest + (hi - widest + 1) / 2;
      if (fits(mid))
        widest = mid;
      else
        hi = mid - 1;
    }
    if (widest == 0) continue;
    // As few blocks as the widest allows, of equal width (a multiple of 4 where that still fits).
    const int blocks = (t.dim + widest - 1) / widest, even = (t.dim + blocks - 1) / blocks;
    const int rounded = (even + 3) / 4 * 4;
    t.block_columns = even > 4 && rounded <= widest ? rounded : even;
    e = estimate(s, tasks, threads);
  }
  return e;
}

std::string human_bytes(u64 bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double x = static_cast<double>(bytes);
  int k = 0;
  while (x >= 1024 && k < 4) x /= 1024, ++k;
  char buf[32];
  std::snprintf(buf, sizeof buf, k == 0 ? "%.0f %s" : "%.2f %s", x, units[k]);
  return buf;
}

}  // namespace nexus::jobs::memory
