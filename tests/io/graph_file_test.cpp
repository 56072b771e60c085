// Graph file round trips under P ranks (uneven slabs, an empty rank, integer ids and string
// names, an empty graph), the fingerprint against a serial recomputation of its documented
// formula, and bad files (made with h5py) that must fail with the same InputError on every rank.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

#include "engine/error.hpp"
#include "io/graph_file.hpp"
#include "tests/test_support.hpp"

namespace nexus::io {
namespace {

using test::world;

constexpr std::uint64_t kN = 50;

// Global edge g of the test graph; rank r holds a count that is uneven, and zero for rank 1.
std::uint64_t src_of(std::uint64_t g) {
  return (g * 7 + 3) % kN;
}
std::uint64_t dst_of(std::uint64_t g) {
  return (g * 13 + 5) % kN;
}
float weight_of(std::uint64_t g) {
  return 0.5f + 0.25f * static_cast<float>(g);
}
std::uint64_t count_of(int r, int p) {
  return p > 1 && r == 1 ? 0 : 7 + 13 * r;
}
std::int64_t id_of(std::uint64_t v) {
  return 1000 + 3 * static_cast<std::int64_t>(v);
}

std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// The fingerprint formula documented in io/graph_file_write.cpp, recomputed serially.
std::string serial_fingerprint(const std::vector<std::uint64_t>& s,
                               const std::vector<std::uint64_t>& d, const std::vector<float>& w,
                               std::uint64_t n, bool directed) {
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::uint64_t u = s[i], v = d[i];
    if (!directed && u > v) std::swap(u, v);
    sum += mix(mix(mix(u) ^ v) ^ (w.empty() ? 0 : std::bit_cast<std::uint32_t>(w[i])));
  }
  const std::uint64_t flags = (directed ? 1 : 0) | (w.empty() ? 0 : 2);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(mix(mix(mix(mix(sum) ^ n) ^ s.size()) ^ flags)));
  return hex;
}

engine::EdgeSlab make_slab(bool weighted) {
  const auto& comm = world();
  engine::EdgeSlab e;
  std::uint64_t first = 0;
  for (int r = 0; r < comm.rank(); ++r) first += count_of(r, comm.size());
  for (std::uint64_t g = first; g < first + count_of(comm.rank(), comm.size()); ++g) {
    e.src.push_back(src_of(g));
    e.dst.push_back(dst_of(g));
    if (weighted) e.weight.push_back(weight_of(g));
  }
  return e;
}

std::uint64_t total_edges() {
  std::uint64_t m = 0;
  for (int r = 0; r < world().size(); ++r) m += count_of(r, world().size());
  return m;
}

// The message of the InputError that f throws ("no InputError" otherwise).
std::string input_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("wrong exception type: ") + e.what();
  }
  return "no InputError";
}

TEST(GraphFile, RoundTripWeightedWithIds) {
  const auto& comm = world();
  const std::string path = test::scratch_dir("graph_rt") + "/g.h5";
  const auto lo = kN * comm.rank() / comm.size(), hi = kN * (comm.rank() + 1) / comm.size();
  VertexIdBlock ids{lo, {}, {}};
  for (auto v = lo; v < hi; ++v) ids.ids.push_back(id_of(v));
  write_graph_file(path, comm, make_slab(true), ids,
                   {kN, /*directed=*/false, /*weighted=*/true, VertexIdKind::kInteger, "test"});
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));

  const GraphHeader h = read_graph_header(path, comm);
  const std::uint64_t m = total_edges();
  EXPECT_EQ(h.format_version, 1);
  EXPECT_EQ(h.num_vertices, kN);
  EXPECT_EQ(h.num_edges, m);
  EXPECT_FALSE(h.directed);
  EXPECT_TRUE(h.weighted);
  EXPECT_EQ(h.ids, VertexIdKind::kInteger);

  const engine::EdgeSlab slab = read_edge_slab(h, comm, true);
  EXPECT_EQ(slab.size(), m * (comm.rank() + 1) / comm.size() - m * comm.rank() / comm.size());
  const auto src = comm.allgatherv(slab.src), dst = comm.allgatherv(slab.dst);
  const auto w = comm.allgatherv(slab.weight);
  std::vector<std::uint64_t> es, ed;
  std::vector<float> ew;
  for (std::uint64_t g = 0; g < m; ++g) {
    es.push_back(src_of(g)), ed.push_back(dst_of(g)), ew.push_back(weight_of(g));
  }
  EXPECT_EQ(src, es);
  EXPECT_EQ(dst, ed);
  EXPECT_EQ(w, ew);
  EXPECT_EQ(h.fingerprint, serial_fingerprint(es, ed, ew, kN, false));

  const engine::EdgeSlab plain = read_edge_slab(h, comm, false);
  EXPECT_FALSE(plain.weighted);
  EXPECT_TRUE(plain.weight.empty());

  // A split of the vertices different from the writer's (reversed), one rank empty.
  const int rr = comm.size() - 1 - comm.rank();
  const std::uint64_t b = rr == 0 ? 0 : kN * rr / comm.size(), e = kN * (rr + 1) / comm.size();
  const auto got = read_vertex_ids(h, comm, b, e);
  ASSERT_EQ(got.size(), e - b);
  for (auto v = b; v < e; ++v) EXPECT_EQ(got[v - b], id_of(v));
}

TEST(GraphFile, NamesDirectedUnweighted) {
  const auto& comm = world();
  const std::string path = test::scratch_dir("graph_names") + "/g.h5";
  const auto lo = kN * comm.rank() / comm.size(), hi = kN * (comm.rank() + 1) / comm.size();
  VertexIdBlock ids{lo, {}, {}};
  for (auto v = lo; v < hi; ++v)
    ids.names.push_back("vertex-" + std::string(v % 7, 'x') + std::to_string(v));
  write_graph_file(path, comm, make_slab(false), ids,
                   {kN, true, false, VertexIdKind::kName, "names"});
  const GraphHeader h = read_graph_header(path, comm);
  EXPECT_EQ(h.ids, VertexIdKind::kName);
  EXPECT_FALSE(h.weighted);
  const auto names = read_vertex_names(h, comm, 0, kN);
  ASSERT_EQ(names.size(), kN);
  for (std::uint64_t v = 0; v < kN; ++v)
    EXPECT_EQ(names[v], "vertex-" + std::string(v % 7, 'x') + std::to_string(v));
  EXPECT_NE(input_error([&] { read_vertex_ids(h, comm, 0, 1); }).find("not integer ids"),
            std::string::npos);
  std::vector<std::uint64_t> es, ed;
  for (std::uint64_t g = 0; g < total_edges(); ++g)
    es.push_back(src_of(g)), ed.push_back(dst_of(g));
  EXPECT_EQ(h.fingerprint, serial_fingerprint(es, ed, {}, kN, true));
}

TEST(GraphFile, UndirectedFingerprintIgnoresOrientation) {
  const auto& comm = world();
  const std::string dir = test::scratch_dir("graph_fp");
  engine::EdgeSlab a = make_slab(false), b = a;
  std::swap(b.src, b.dst);
  const GraphWriteInfo info{kN, false, false, VertexIdKind::kNone, ""};
  write_graph_file(dir + "/a.h5", comm, a, {}, info);
  write_graph_file(dir + "/b.h5", comm, b, {}, info);
  EXPECT_EQ(read_graph_header(dir + "/a.h5", comm).fingerprint,
            read_graph_header(dir + "/b.h5", comm).fingerprint);
}

TEST(GraphFile, EmptyGraph) {
  const auto& comm = world();
  const std::string path = test::scratch_dir("graph_empty") + "/g.h5";
  write_graph_file(path, comm, {}, {}, {0, true, true, VertexIdKind::kNone, "empty"});
  const GraphHeader h = read_graph_header(path, comm);
  EXPECT_EQ(h.num_vertices, 0u);
  EXPECT_EQ(h.num_edges, 0u);
  const auto slab = read_edge_slab(h, comm, true);
  EXPECT_EQ(slab.size(), 0u);
  EXPECT_TRUE(read_vertex_ids(h, comm, 0, 0).empty());
}

TEST(GraphFile, InvalidWriteInputFailsOnEveryRank) {
  const auto& comm = world();
  const std::string path = test::scratch_dir("graph_badwrite") + "/g.h5";
  engine::EdgeSlab e = make_slab(false);
  if (comm.rank() == 0) e.dst.back() = kN;  // rank 0 always has edges
  EXPECT_THROW(write_graph_file(path, comm, e, {}, {kN, true, false, VertexIdKind::kNone, ""}),
               std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

class BadGraphFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = test::scratch_dir("graph_bad");
    int ok = 1;
    if (world().rank() == 0) {
      try {
        std::ofstream(dir_ + "/text.h5") << "this is not HDF5\n";
        test::run_python("import runpy, sys\nsys.argv = ['x', r'''" + dir_ +
                         "''']\nrunpy.run_path('" NEXUS_SOURCE_DIR
                         "/tests/io/make_bad_graphs.py', run_name='__main__')\n");
      } catch (const std::exception& ex) {
        std::fprintf(stderr, "make_bad_graphs failed: %s\n", ex.what());
        ok = 0;
      }
    }
    ok_ = world().broadcast(ok, 0) != 0;
  }
  // Every rank gets an InputError naming the file and containing `problem`.
  static void expect_bad(const std::string& name, const std::string& problem, bool slab = false) {
    ASSERT_TRUE(ok_);
    const std::string path = dir_ + "/" + name;
    const std::string msg = input_error([&] {
      const GraphHeader h = read_graph_header(path, world());
      if (slab) read_edge_slab(h, world(), true);
    });
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    const bool has = msg.find(problem) != std::string::npos;
    if (!slab) {
      EXPECT_TRUE(has) << msg;
      return;
    }
    EXPECT_TRUE(has || msg.find("another rank found invalid data") != std::string::npos) << msg;
    EXPECT_TRUE(world().any(has)) << "no rank reported: " << problem;
  }
  static inline std::string dir_;
  static inline bool ok_ = false;
};

TEST_F(BadGraphFiles, Missing) {
  expect_bad("missing.h5", "no such file");
}
TEST_F(BadGraphFiles, NotHdf5) {
  expect_bad("text.h5", "not an HDF5 file");
}
TEST_F(BadGraphFiles, NoFormat) {
  expect_bad("noformat.h5", "no nexus_format attribute");
}
TEST_F(BadGraphFiles, FeatureFile) {
  expect_bad("features.h5", "expected \"graph\"");
}
TEST_F(BadGraphFiles, Version2) {
  expect_bad("version2.h5", "unsupported format_version 2 (this nexus reads 1)");
}
TEST_F(BadGraphFiles, FloatSrc) {
  expect_bad("float_src.h5", "/edges/src has dtype float64");
}
TEST_F(BadGraphFiles, Int32Dst) {
  expect_bad("int32_dst.h5", "/edges/dst has dtype int32");
}
TEST_F(BadGraphFiles, ShortSrc) {
  expect_bad("short_src.h5", "/edges/src has 9 rows but num_edges is 10");
}
TEST_F(BadGraphFiles, MissingWeight) {
  expect_bad("no_weight.h5", "/edges/weight is missing");
}
TEST_F(BadGraphFiles, ShortIds) {
  expect_bad("short_ids.h5", "/vertices/id has 99 rows but num_vertices is 100");
}
TEST_F(BadGraphFiles, IdOutOfRange) {
  expect_bad("bad_id.h5", "/edges/dst row 7 has vertex id 100, not below num_vertices 100", true);
}
TEST_F(BadGraphFiles, NanWeight) {
  expect_bad("nan_weight.h5", "/edges/weight row 3 has non-finite weight nan", true);
}

}  // namespace
}  // namespace nexus::io
