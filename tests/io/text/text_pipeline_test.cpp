// In-memory import pipeline (parse, relabel, policies) on small hand-written inputs in every
// format, plain and gzip. Expected edge lists are worked out by hand in the comments; the same
// result must come out under any rank count and with tiny read buffers.
#include <gtest/gtest.h>

#include "tests/io/text/text_test_util.hpp"
#include "tests/test_support.hpp"

namespace nexus::test {
namespace {

using io::ImportOptions;
using io::TextFormat;

// Runs the same checks on the plain file and its gzip twin.
template <class Check>
void plain_and_gzip(const std::string& dir, const std::string& name, const std::string& text,
                    const ImportOptions& options, Check check) {
  check(import_gathered(write_input(dir, name, text), options));
  check(import_gathered(write_input(dir, name + ".gz", text), options));
}

// Ids 1, 2, 3, 10 -> labels 0, 1, 2, 3. Lines: (3,1) (1,2) (2,3) (10,3) become
// (2,0) (0,1) (1,2) (3,2), sorted: (0,1) (1,2) (2,0) (3,2).
TEST(TextPipeline, SnapCommentsTabsCrlfBlankLines) {
  const std::string dir = scratch_dir("snap");
  const std::string text = "# a comment\n% another\n3 1\r\n\n1\t2\n   \n2  3\r\n  10 \t 3";
  plain_and_gzip(dir, "g.txt", text, {}, [](const Gathered& g) {
    EXPECT_EQ(g.edges, unweighted({{0, 1}, {1, 2}, {2, 0}, {3, 2}}));
    EXPECT_EQ(g.ids, (std::vector<std::int64_t>{1, 2, 3, 10}));
    EXPECT_EQ(g.num_vertices, 4u);
    EXPECT_EQ(g.stats.lines, 4u);
    EXPECT_TRUE(g.directed);
    EXPECT_FALSE(g.weighted);
  });
}

// Ids 0..2 are kept; the header line is detected because its ids are not numbers.
TEST(TextPipeline, CsvWithAndWithoutHeader) {
  const std::string dir = scratch_dir("csv");
  const auto expect = unweighted({{0, 1}, {1, 2}, {2, 0}});
  const auto check = [&](const Gathered& g) {
    EXPECT_EQ(g.edges, expect);
    EXPECT_EQ(g.ids, (std::vector<std::int64_t>{0, 1, 2}));
    EXPECT_EQ(g.stats.lines, 3u);
  };
  plain_and_gzip(dir, "h.csv", "source,target\n0,1\n1,2\n2,0\n", {}, check);
  plain_and_gzip(dir, "n.csv", "0, 1\r\n1 ,2\r\n2,0\r\n", {}, check);
  ImportOptions forced;
  forced.header = true;
  plain_and_gzip(dir, "f.csv", "7,8\n0,1\n1,2\n2,0\n", forced, check);
}

// TSV, weighted: (5,7,2.5) (7,5,0.5) -> ids 5, 7 -> (0,1,2.5) (1,0,0.5).
TEST(TextPipeline, TsvWeightedWithHeader) {
  const std::string dir = scratch_dir("tsv");
  ImportOptions o;
  o.weighted = true;
  plain_and_gzip(dir, "g.tsv", "from\tto\tw\n7\t5\t0.5\n5\t7\t2.5\n", o, [](const Gathered& g) {
    EXPECT_EQ(g.edges, (std::vector<WEdge>{{0, 1, 2.5f}, {1, 0, 0.5f}}));
    EXPECT_EQ(g.ids, (std::vector<std::int64_t>{5, 7}));
    EXPECT_TRUE(g.weighted);
  });
}

// General real 5 x 5 with 3 entries: (1,2,1.5) (3,1,2) (2,2,0.5) -> labels (0,1) (2,0) (1,1);
// vertices 4 and 5 are isolated but kept; ids are the 1-based indices.
TEST(TextPipeline, MatrixMarketGeneralReal) {
  const std::string dir = scratch_dir("mtx_general");
  const std::string text =
      "%%MatrixMarket matrix coordinate real general\n% a comment\n%\n5 5 3\n"
      "1 2 1.5\n3 1 2.0\n2 2 0.5\n";
  plain_and_gzip(dir, "g.mtx", text, {}, [](const Gathered& g) {
    EXPECT_EQ(g.edges, (std::vector<WEdge>{{0, 1, 1.5f}, {1, 1, 0.5f}, {2, 0, 2.0f}}));
    EXPECT_EQ(g.ids, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
    EXPECT_EQ(g.num_vertices, 5u);
    EXPECT_TRUE(g.directed);
    EXPECT_TRUE(g.weighted);
  });
}

// Symmetric pattern: lower-triangle entries (2,1) (3,1) (4,3) -> undirected (0,1) (0,2) (2,3).
// Integer general 3 x 6: n = 6 (the larger dimension).
TEST(TextPipeline, MatrixMarketSymmetricPatternAndInteger) {
  const std::string dir = scratch_dir("mtx_sym");
  plain_and_gzip(dir, "s.mtx",
                 "%%MatrixMarket matrix coordinate pattern symmetric\n4 4 3\n2 1\n3 1\n4 3\n", {},
                 [](const Gathered& g) {
                   EXPECT_EQ(g.edges, unweighted({{0, 1}, {0, 2}, {2, 3}}));
                   EXPECT_FALSE(g.directed);
                   EXPECT_FALSE(g.weighted);
                   EXPECT_EQ(g.num_vertices, 4u);
                 });
  plain_and_gzip(dir, "i.mtx",
                 "%%MatrixMarket matrix coordinate integer general\n3 6 2\n1 6 7\n3 2 1\n", {},
                 [](const Gathered& g) {
                   EXPECT_EQ(g.edges, (std::vector<WEdge>{{0, 5, 7.f}, {2, 1, 1.f}}));
                   EXPECT_EQ(g.num_vertices, 6u);
                 });
}

// One-based ids 1..3 -> labels 0..2; the id block keeps 1, 2, 3.
TEST(TextPipeline, OneBasedIds) {
  const std::string dir = scratch_dir("one_based");
  ImportOptions o;
  o.one_based = true;
  plain_and_gzip(dir, "g.txt", "1 2\n2 3\n3 1\n", o, [](const Gathered& g) {
    EXPECT_EQ(g.edges, unweighted({{0, 1}, {1, 2}, {2, 0}}));
    EXPECT_EQ(g.ids, (std::vector<std::int64_t>{1, 2, 3}));
  });
}

// Ids 10, 5000000000, 7 -> sorted 7 (0), 10 (1), 5000000000 (2):
// (10,5e9) (7,10) (5e9,7) -> (1,2) (0,1) (2,0), sorted (0,1) (1,2) (2,0).
TEST(TextPipeline, NonContiguousIdsAreRelabelledInSortedOrder) {
  const std::string dir = scratch_dir("sparse");
  plain_and_gzip(dir, "g.txt", "10 5000000000\n7 10\n5000000000 7\n", {}, [](const Gathered& g) {
    EXPECT_EQ(g.edges, unweighted({{0, 1}, {1, 2}, {2, 0}}));
    EXPECT_EQ(g.ids, (std::vector<std::int64_t>{7, 10, 5000000000}));
  });
}

// Names in byte order: alice 0, bob 1, carol 2, dave 3, "eve smith" 4.
TEST(TextPipeline, StringIds) {
  const std::string dir = scratch_dir("strings");
  ImportOptions o;
  o.string_ids = true;
  const std::vector<std::string> names{"alice", "bob", "carol", "dave", "eve smith"};
  plain_and_gzip(dir, "g.csv", "bob,carol\nalice,bob\ncarol,alice\ndave,alice\n\"eve smith\",bob\n",
                 o, [&](const Gathered& g) {
                   EXPECT_EQ(g.edges, unweighted({{0, 1}, {1, 2}, {2, 0}, {3, 0}, {4, 1}}));
                   EXPECT_EQ(g.names, names);
                   EXPECT_TRUE(g.ids.empty());
                 });
  plain_and_gzip(dir, "g.txt", "# names\nbob carol\nalice bob\ncarol alice\ndave alice\n", o,
                 [&](const Gathered& g) {
                   EXPECT_EQ(g.edges, unweighted({{0, 1}, {1, 2}, {2, 0}, {3, 0}}));
                   EXPECT_EQ(g.names, std::vector<std::string>(names.begin(), names.end() - 1));
                 });
}

// Many distinct ids, so that the sample sort really splits them across ranks: edges i -> i+1
// over ids 3*i (i < 500), and a reversed chord; labels are i.
TEST(TextPipeline, ManyIdsAcrossRanks) {
  const std::string dir = scratch_dir("many");
  std::string text;
  std::vector<WEdge> expect;
  for (int i = 499; i >= 1; --i)
    text += std::to_string(3 * i) + " " + std::to_string(3 * (i - 1)) + "\n";
  for (std::uint64_t i = 1; i < 500; ++i) expect.emplace_back(i, i - 1, 0.f);
  ImportOptions o;
  o.string_ids = false;
  plain_and_gzip(dir, "g.txt", text, o, [&](const Gathered& g) {
    EXPECT_EQ(g.edges, expect);
    ASSERT_EQ(g.ids.size(), 500u);
    for (std::size_t i = 0; i < 500; ++i) EXPECT_EQ(g.ids[i], 3 * static_cast<std::int64_t>(i));
  });
}

// Undirected weighted input with loops and duplicates, after canonical orientation:
// (0,1,1) (0,1,2) (2,2,5) (1,2,.5) (1,2,.25) (0,1,4) (3,3,1).
const char* kPolicyText = "0 1 1.0\n1 0 2.0\n2 2 5\n1 2 0.5\n2 1 0.25\n0 1 4\n3 3 1\n";

Gathered policy_run(const std::string& dir, io::SelfLoopPolicy loops, io::DuplicatePolicy dups,
                    bool directed = false) {
  ImportOptions o;
  o.weighted = true;
  o.directed = directed;
  o.self_loops = loops;
  o.duplicates = dups;
  return import_gathered(dir + "/p.txt", o);
}

TEST(TextPipeline, SelfLoopAndDuplicatePolicies) {
  using io::DuplicatePolicy;
  using io::SelfLoopPolicy;
  const std::string dir = scratch_dir("policies");
  write_input(dir, "p.txt", kPolicyText);
  Gathered g = policy_run(dir, SelfLoopPolicy::kKeep, DuplicatePolicy::kKeep);
  EXPECT_EQ(g.edges, (std::vector<WEdge>{{0, 1, 1.f},
                                         {0, 1, 2.f},
                                         {0, 1, 4.f},
                                         {1, 2, .25f},
                                         {1, 2, .5f},
                                         {2, 2, 5.f},
                                         {3, 3, 1.f}}));
  EXPECT_EQ(g.stats.self_loops_dropped + g.stats.duplicates_dropped, 0u);
  g = policy_run(dir, SelfLoopPolicy::kDrop, DuplicatePolicy::kDrop);
  EXPECT_EQ(g.edges, (std::vector<WEdge>{{0, 1, 1.f}, {1, 2, .25f}}));
  EXPECT_EQ(g.stats.self_loops_dropped, 2u);
  EXPECT_EQ(g.stats.duplicates_dropped, 3u);
  EXPECT_EQ(g.num_vertices, 4u);
  g = policy_run(dir, SelfLoopPolicy::kDrop, DuplicatePolicy::kSum);
  EXPECT_EQ(g.edges, (std::vector<WEdge>{{0, 1, 7.f}, {1, 2, .75f}}));
  EXPECT_EQ(g.stats.duplicates_dropped, 3u);
  g = policy_run(dir, SelfLoopPolicy::kKeep, DuplicatePolicy::kSum);
  EXPECT_EQ(g.edges, (std::vector<WEdge>{{0, 1, 7.f}, {1, 2, .75f}, {2, 2, 5.f}, {3, 3, 1.f}}));
  EXPECT_EQ(g.stats.self_loops_dropped, 0u);
  EXPECT_FALSE(g.directed);
  // Directed: (0,1) twice (weights 1, 4), (1,0), (1,2), (2,1), (2,2), (3,3): one duplicate.
  g = policy_run(dir, SelfLoopPolicy::kKeep, DuplicatePolicy::kDrop, true);
  EXPECT_EQ(g.edges,
            (std::vector<WEdge>{
                {0, 1, 1.f}, {1, 0, 2.f}, {1, 2, .5f}, {2, 1, .25f}, {2, 2, 5.f}, {3, 3, 1.f}}));
  EXPECT_EQ(g.stats.duplicates_dropped, 1u);
  EXPECT_EQ(g.stats.edges_read, 7u);
}

TEST(TextPipeline, GuessFormat) {
  EXPECT_EQ(io::guess_format("a.mtx"), TextFormat::kMatrixMarket);
  EXPECT_EQ(io::guess_format("a.mtx.gz"), TextFormat::kMatrixMarket);
  EXPECT_EQ(io::guess_format("a.csv.gz"), TextFormat::kCsv);
  EXPECT_EQ(io::guess_format("a.tsv"), TextFormat::kTsv);
  EXPECT_EQ(io::guess_format("a.txt.gz"), TextFormat::kSnap);
  EXPECT_EQ(io::guess_format("edges"), TextFormat::kSnap);
}

}  // namespace
}  // namespace nexus::test
