// End to end: import_edge_list writes a graph file that reads back (header, edges, original ids
// or names) under any rank count, and a failing import leaves no file behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "engine/distribution.hpp"
#include "io/graph_file.hpp"
#include "io/import.hpp"
#include "tests/io/text/text_test_util.hpp"
#include "tests/test_support.hpp"

namespace nexus::test {
namespace {

struct ReadBack {
  io::GraphHeader header;
  std::vector<WEdge> edges;
  std::vector<std::int64_t> ids;
  std::vector<std::string> names;
};

ReadBack read_back(const std::string& path) {
  const auto& comm = world();
  ReadBack out;
  out.header = io::read_graph_header(path, comm);
  const engine::EdgeSlab slab = io::read_edge_slab(out.header, comm, true);
  const auto src = comm.allgatherv(slab.src);
  const auto dst = comm.allgatherv(slab.dst);
  const auto w = comm.allgatherv(slab.weighted ? slab.weight : std::vector<float>(slab.size()));
  for (std::size_t e = 0; e < src.size(); ++e) out.edges.emplace_back(src[e], dst[e], w[e]);
  const auto dist = engine::VertexDistribution::uniform(out.header.num_vertices, comm.size());
  const auto b = dist.begin(comm.rank()), e = dist.end(comm.rank());
  if (out.header.ids == io::VertexIdKind::kName) {
    // Every rank reads every rank's range (collectively, one range at a time): few names here.
    std::vector<std::string> all;
    for (int r = 0; r < comm.size(); ++r) {
      auto part = io::read_vertex_names(out.header, comm, dist.begin(r), dist.end(r));
      all.insert(all.end(), part.begin(), part.end());
    }
    out.names = all;
  } else {
    out.ids = comm.allgatherv(io::read_vertex_ids(out.header, comm, b, e));
  }
  return out;
}

// Ids 10, 5000000000, 7 -> labels 1, 2, 0; /vertices/id = 7, 10, 5000000000.
TEST(TextImport, IntegerIdsRoundTrip) {
  const std::string dir = scratch_dir("e2e_int");
  const std::string in = write_input(dir, "g.txt", "10 5000000000 1.5\n7 10 2\n5000000000 7 0.5\n");
  io::ImportOptions o;
  o.weighted = true;
  const io::ImportStats st = io::import_edge_list(in, dir + "/g.h5", o, world());
  EXPECT_EQ(st.num_vertices, 3u);
  EXPECT_EQ(st.num_edges, 3u);
  EXPECT_GT(st.seconds, 0.0);
  const ReadBack g = read_back(dir + "/g.h5");
  EXPECT_EQ(g.header.num_vertices, 3u);
  EXPECT_EQ(g.header.num_edges, 3u);
  EXPECT_TRUE(g.header.directed);
  EXPECT_TRUE(g.header.weighted);
  EXPECT_EQ(g.header.ids, io::VertexIdKind::kInteger);
  EXPECT_EQ(g.edges, (std::vector<WEdge>{{0, 1, 2.f}, {1, 2, 1.5f}, {2, 0, 0.5f}}));
  EXPECT_EQ(g.ids, (std::vector<std::int64_t>{7, 10, 5000000000}));
}

TEST(TextImport, NamesAndMatrixMarketRoundTrip) {
  const std::string dir = scratch_dir("e2e_names");
  io::ImportOptions o;
  o.string_ids = true;
  o.directed = false;
  const std::string in = write_input(dir, "g.csv", "bob,alice\ncarol,bob\nalice,bob\n");
  const io::ImportStats st = io::import_edge_list(in, dir + "/n.h5", o, world());
  EXPECT_EQ(st.num_edges, 3u);  // duplicates kept by default: (0,1) twice, (1,2)
  const ReadBack g = read_back(dir + "/n.h5");
  EXPECT_EQ(g.header.ids, io::VertexIdKind::kName);
  EXPECT_FALSE(g.header.directed);
  EXPECT_EQ(g.names, (std::vector<std::string>{"alice", "bob", "carol"}));
  EXPECT_EQ(g.edges, unweighted({{0, 1}, {0, 1}, {1, 2}}));
  const std::string mtx = write_input(
      dir, "m.mtx.gz", "%%MatrixMarket matrix coordinate pattern symmetric\n5 5 2\n2 1\n4 2\n");
  io::import_edge_list(mtx, dir + "/m.h5", {}, world());
  const ReadBack m = read_back(dir + "/m.h5");
  EXPECT_EQ(m.header.num_vertices, 5u);
  EXPECT_FALSE(m.header.directed);
  EXPECT_EQ(m.edges, unweighted({{0, 1}, {1, 3}}));
  EXPECT_EQ(m.ids, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
}

// The graph shipped with the repository (docs/examples): 1,005 nodes, 25,571 arcs (its README).
TEST(TextImport, ShippedRealGraph) {
  const std::string dir = scratch_dir("e2e_real");
  const auto st = io::import_edge_list(
      std::string(NEXUS_SOURCE_DIR) + "/docs/examples/email-Eu-core/email-Eu-core.txt.gz",
      dir + "/eu.h5", {}, world());
  EXPECT_EQ(st.num_edges, 25571u);
  const auto h = io::read_graph_header(dir + "/eu.h5", world());
  EXPECT_EQ(h.num_vertices, 1005u);
  EXPECT_EQ(h.num_edges, 25571u);
  EXPECT_TRUE(h.directed);
}

TEST(TextImport, FailingImportLeavesNoFile) {
  const std::string dir = scratch_dir("e2e_fail");
  const std::string in = write_input(dir, "bad.txt", "0 1\n1 2\n2\n");
  const std::string out = dir + "/bad.h5";
  const std::string msg = input_error([&] { io::import_edge_list(in, out, {}, world()); });
  EXPECT_NE(msg.find(in + ":3: expected 2 fields"), std::string::npos) << msg;
  world().barrier();
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()),
            1);  // only the input
  const std::string missing = dir + "/missing.txt";
  EXPECT_EQ(input_error([&] { io::import_edge_list(missing, out, {}, world()); }),
            missing + ": no such file");
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace nexus::test
