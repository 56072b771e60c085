// The memory model against the structures it models: the DistGraph's bytes computed from a rank's
// shape equal DistGraph::memory_bytes() exactly (hand-worked for a drawn graph, recomputed for
// random ones on every rank count); the partition profile measured from the slabs equals the
// built graph's arcs and cut arcs exactly and its ghosts to the sketch's error.
#include <gtest/gtest.h>

#include <cmath>

#include "jobs/memory_model.hpp"
#include "jobs/partition_profile.hpp"
#include "tests/graph_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace nexus;
using jobs::memory::RankShape;

namespace {

// The shape of this rank's part of a built graph.
RankShape shape_of(const engine::DistGraph& g, int ranks) {
  RankShape s;
  s.ranks = ranks;
  s.directed = g.directed();
  s.weighted = g.weighted();
  s.owned = g.num_owned();
  s.out_arcs = g.num_local_arcs();
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v)
    s.in_arcs += g.directed() ? g.in_degree(v) : 0;
  s.ghosts = g.num_ghosts();
  s.halo_sends = g.halo().send_vertices.size();
  // Peer lists grow by push_back: memory_bytes() counts their capacity.
  s.halo_peers = g.halo().send_peers.capacity() + g.halo().recv_peers.capacity();
  return s;
}

}  // namespace

// 0 -> 1 -> 2 -> 0, 2 -> 3, 3 -> 3 (directed, 4 vertices, 5 edges) on one rank: out- and in-CSR
// each have 5 offsets (8 bytes) and 5 targets (4 bytes): 2 * (40 + 20) = 120 bytes; no ghosts.
TEST(MemoryModel, DrawnGraphBytesByHand) {
  const test::EdgeList e{4, true, {{0, 1}, {1, 2}, {2, 0}, {2, 3}, {3, 3}}, {}};
  RankShape s;
  s.directed = true;
  s.owned = 4;
  s.out_arcs = 5;
  s.in_arcs = 5;
  EXPECT_EQ(jobs::memory::graph_bytes(s), 120u);
  s.weighted = true;  // plus a float per arc in each CSR
  EXPECT_EQ(jobs::memory::graph_bytes(s), 160u);
  const auto& comm = test::world();
  const auto g = test::build(e, comm);
  if (comm.size() == 1) {
    EXPECT_EQ(g.memory_bytes(), 120u);
  }
  EXPECT_EQ(jobs::memory::graph_bytes(shape_of(g, comm.size())), g.memory_bytes());
}

TEST(MemoryModel, GraphBytesMatchBuiltGraphs) {
  const auto& comm = test::world();
  for (bool directed : {true, false})
    for (bool weighted : {false, true}) {
      const auto e = test::random_graph(500, 3000, directed, 7, weighted);
      const auto g = test::build(e, comm);
      EXPECT_EQ(jobs::memory::graph_bytes(shape_of(g, comm.size())), g.memory_bytes())
          << "directed " << directed << " weighted " << weighted;
    }
}

TEST(MemoryModel, ProfileMatchesBuiltGraph) {
  const auto& comm = test::world();
  for (bool directed : {true, false}) {
    const auto e = test::random_graph(20000, 60000, directed, 11);
    const auto slab = test::slab_of(e, comm);
    const auto dist = engine::VertexDistribution::uniform(e.num_vertices, comm.size());
    const RankShape p = jobs::profile_partition(slab, dist, false, comm);
    const auto g = test::build(e, comm);
    const RankShape mine = shape_of(g, comm.size());
    std::uint64_t cut = 0;
    for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) {
      for (auto u : g.out_neighbors(v)) cut += g.is_owned(u) ? 0 : 1;
      if (directed)
        for (auto u : g.in_neighbors(v)) cut += g.is_owned(u) ? 0 : 1;
    }
    EXPECT_EQ(p.owned, comm.max<std::uint64_t>(mine.owned));
    EXPECT_EQ(p.out_arcs, comm.max<std::uint64_t>(mine.out_arcs));
    EXPECT_EQ(p.in_arcs, comm.max<std::uint64_t>(mine.in_arcs));
    EXPECT_EQ(p.cut_arcs, comm.max(cut));
    const double ghosts = static_cast<double>(comm.max<std::uint64_t>(mine.ghosts));
    EXPECT_NEAR(static_cast<double>(p.ghosts), ghosts, 0.05 * ghosts + 2) << directed;
    EXPECT_EQ(p.slab_edges, (e.edges.size() + comm.size() - 1) / comm.size());
  }
}

TEST(MemoryModel, DistinctCounter) {
  jobs::DistinctCounter small, large;
  for (std::uint64_t k = 0; k < 3; ++k)
    for (std::uint64_t v = 0; v < 100; ++v) small.add(v * 7919);  // duplicates do not count
  EXPECT_NEAR(small.estimate(), 100.0, 3.0);
  for (std::uint64_t v = 0; v < 200000; ++v) large.add(v);
  EXPECT_NEAR(large.estimate(), 200000.0, 200000.0 * 0.05);
}

// 10 vertices, 7 undirected edges, 2 ranks: slab ceil(7/2) = 4; owned 5; arcs ceil(1.05 * 14 / 2)
// = 8; cut 8 / 2 = 4; ghosts min(10 - 5, 4) = 4.
TEST(MemoryModel, ShapeFromCountsByHand) {
  const RankShape s = jobs::memory::shape_from_counts(10, 7, false, false, 2);
  EXPECT_EQ(s.slab_edges, 4u);
  EXPECT_EQ(s.owned, 5u);
  EXPECT_EQ(s.out_arcs, 8u);
  EXPECT_EQ(s.in_arcs, 0u);
  EXPECT_EQ(s.cut_arcs, 4u);
  EXPECT_EQ(s.ghosts, 4u);
  const RankShape one = jobs::memory::shape_from_counts(10, 7, true, false, 1);
  EXPECT_EQ(one.out_arcs, 7u);
  EXPECT_EQ(one.in_arcs, 7u);
  EXPECT_EQ(one.ghosts, 0u);
}

// The job's phases: load, each task over the resident graph and the outputs kept so far, write.
TEST(MemoryModel, EstimatePhases) {
  namespace m = jobs::memory;
  const RankShape s = m::shape_from_counts(1u << 20, 16u << 20, false, false, 2);
  const std::vector<m::TaskShape> tasks = {{"pagerank"}, {"fastrp", 128, 0, 4}};
  const m::Estimate e = m::estimate(s, tasks, 1);
  ASSERT_EQ(e.phases.size(), 4u);
  EXPECT_EQ(e.phases[0].name, "load");
  EXPECT_EQ(e.phases[3].name, "write");
  const std::uint64_t resident = e.baseline + e.graph + s.owned * 8;
  EXPECT_EQ(e.phases[1].bytes, resident + m::task_bytes(s, tasks[0]));
  EXPECT_EQ(e.phases[2].bytes, resident + s.owned * 8 + m::task_bytes(s, tasks[1]));
  EXPECT_EQ(m::output_bytes(s, tasks[1]), s.owned * 128 * 4);
  std::uint64_t peak = 0;
  for (const auto& p : e.phases) peak = std::max(peak, p.bytes);
  EXPECT_EQ(e.peak, peak);
  // More ranks, less per rank; a larger dimension, more.
  EXPECT_LT(m::estimate(m::shape_from_counts(1u << 20, 16u << 20, false, false, 4), tasks, 1).peak,
            e.peak);
  EXPECT_GT(m::estimate(s, {{"fastrp", 256, 0, 4}}, 1).peak,
            m::estimate(s, {{"fastrp", 128, 0, 4}}, 1).peak);
  EXPECT_EQ(m::human_bytes(3u << 29), "1.50 GiB");
}

// FastRP in column blocks: the working set shrinks by (1 sign byte + 2 iterate floats) per local
// row and column (one rank: no ghosts, no halo); fit_blocks keeps all columns when the job fits,
// else picks the fewest equal blocks that fit (width a multiple of 4), and leaves alone explicit
// widths, other algorithms and limits no block can meet.
TEST(MemoryModel, FitBlocksChoosesTheFewestBlocksThatFit) {
  namespace m = jobs::memory;
  const RankShape s = m::shape_from_counts(1u << 20, 16u << 20, false, false, 1);
  const m::TaskShape full{"fastrp", 512, 0, 4}, blocked{"fastrp", 512, 0, 4, 128};
  EXPECT_EQ(m::task_bytes(s, full) - m::task_bytes(s, blocked), s.owned * (512 - 128) * 9);
  const m::Estimate all = m::estimate(s, {{"pagerank"}, full}, 2);
  const std::uint64_t write = all.phases.back().bytes, task = all.phases[2].bytes;
  ASSERT_EQ(all.peak, task);
  ASSERT_LT(write, task);

  std::vector<m::TaskShape> tasks = {{"pagerank"}, full};
  m::fit_blocks(s, tasks, 2, task);  // fits as it is
  EXPECT_EQ(tasks[1].block_columns, 0);

  for (const std::uint64_t limit : {task - 1, (task + write) / 2, write + (task - write) / 10}) {
    tasks = {{"pagerank"}, full};
    const m::Estimate e = m::fit_blocks(s, tasks, 2, limit);
    const int b = tasks[1].block_columns;
    ASSERT_GT(b, 0) << limit;
    ASSERT_LT(b, 512);
    EXPECT_EQ(b % 4, 0);
    EXPECT_EQ(tasks[0].block_columns, 0);
    EXPECT_LE(e.phases[2].bytes, limit);
    EXPECT_EQ(e.phases[2].bytes, m::estimate(s, tasks, 2).phases[2].bytes);
    // One block fewer would need blocks wider than fit.
    const int blocks = (512 + b - 1) / b;
    if (blocks > 1) {
      m::TaskShape wider = full;
      wider.block_columns = (512 + blocks - 2) / (blocks - 1);
      EXPECT_GT(all.phases[2].bytes - m::task_bytes(s, full) + m::task_bytes(s, wider), limit);
    }
  }
  tasks = {{"pagerank"}, full};
  m::fit_blocks(s, tasks, 2, write / 4);  // not even one column fits
  EXPECT_EQ(tasks[1].block_columns, 0);
  tasks = {{"pagerank"}, blocked};
  m::fit_blocks(s, tasks, 2, (task + write) / 2);  // an explicit width stays
  EXPECT_EQ(tasks[1].block_columns, 128);
}
