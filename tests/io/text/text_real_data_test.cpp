// Real SNAP inputs from ../shared/data: vertex and edge counts as stated (and verified) in each
// dataset's README.md, under every rank count.
#include <gtest/gtest.h>

#include "tests/io/text/text_test_util.hpp"
#include "tests/test_support.hpp"

namespace nexus::test {
namespace {

io::text::ParsedGraph import(const std::string& rel, const io::ImportOptions& o) {
  return io::text::import_to_slab(data_path(rel), o, world());
}

// email-Eu-core: 1,005 nodes, 25,571 arc records, 642 self-loop records, 24,929 distinct non-loop
// arcs, 16,064 undirected simple edges.
TEST(TextRealData, EmailEuCore) {
  auto g = import("email-Eu-core/email-Eu-core.txt", {});
  EXPECT_EQ(g.stats.num_vertices, 1005u);
  EXPECT_EQ(g.stats.num_edges, 25571u);
  EXPECT_EQ(g.stats.lines, 25571u);
  io::ImportOptions o;
  o.self_loops = io::SelfLoopPolicy::kDrop;
  o.duplicates = io::DuplicatePolicy::kDrop;
  g = import("email-Eu-core/email-Eu-core.txt", o);
  EXPECT_EQ(g.stats.self_loops_dropped, 642u);
  EXPECT_EQ(g.stats.num_edges, 24929u);
  o.directed = false;
  g = import("email-Eu-core/email-Eu-core.txt", o);
  EXPECT_EQ(g.stats.num_edges, 16064u);
  EXPECT_EQ(g.stats.num_vertices, 1005u);
}

// p2p-Gnutella08: 6,301 nodes, 20,777 arcs, no loops or duplicates (tab separated).
TEST(TextRealData, Gnutella) {
  io::ImportOptions o;
  o.duplicates = io::DuplicatePolicy::kDrop;
  o.self_loops = io::SelfLoopPolicy::kDrop;
  auto g = import("p2p-Gnutella08/p2p-Gnutella08.edgelist", o);
  EXPECT_EQ(g.stats.num_vertices, 6301u);
  EXPECT_EQ(g.stats.num_edges, 20777u);
  EXPECT_EQ(g.stats.duplicates_dropped + g.stats.self_loops_dropped, 0u);
}

// ego-Facebook (gzip): 4,039 nodes, 88,234 undirected edges, each listed once.
TEST(TextRealData, FacebookGzip) {
  io::ImportOptions o;
  o.directed = false;
  o.duplicates = io::DuplicatePolicy::kDrop;
  auto g = import("ego-Facebook/facebook_combined.txt.gz", o);
  EXPECT_EQ(g.stats.num_vertices, 4039u);
  EXPECT_EQ(g.stats.num_edges, 88234u);
  EXPECT_EQ(g.stats.duplicates_dropped, 0u);
  const Gathered all = gather(g);
  ASSERT_EQ(all.ids.size(), 4039u);
  EXPECT_EQ(all.ids.back(), 4038);
  for (const auto& [s, d, w] : all.edges) ASSERT_LT(s, d);
}

// soc-Slashdot0902 (gzip, CRLF, 4 '#' lines): 82,168 nodes, 948,464 arcs, 78,303 self-loops,
// 870,161 distinct non-loop arcs, 504,230 undirected simple edges.
TEST(TextRealData, SlashdotGzipCrlf) {
  io::ImportOptions o;
  auto g = import("soc-Slashdot0902/soc-Slashdot0902.txt.gz", o);
  EXPECT_EQ(g.stats.num_vertices, 82168u);
  EXPECT_EQ(g.stats.num_edges, 948464u);
  o.self_loops = io::SelfLoopPolicy::kDrop;
  o.duplicates = io::DuplicatePolicy::kDrop;
  g = import("soc-Slashdot0902/soc-Slashdot0902.txt.gz", o);
  EXPECT_EQ(g.stats.self_loops_dropped, 78303u);
  EXPECT_EQ(g.stats.num_edges, 870161u);
  o.directed = false;
  g = import("soc-Slashdot0902/soc-Slashdot0902.txt.gz", o);
  EXPECT_EQ(g.stats.num_edges, 504230u);
}

}  // namespace
}  // namespace nexus::test
