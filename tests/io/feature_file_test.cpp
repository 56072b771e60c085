// FeatureWriter under P ranks (uneven row ranges, an empty rank, N = 0, a multi-chunk file): read
// back with h5py (values, attributes, gzip + shuffle) and with the serial FeatureReader; atomic
// commit (no .partial left; an uncommitted writer leaves no file and an older file untouched);
// the reader refuses format_version 2 and graph files (and accepts a newer minor version).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "engine/error.hpp"
#include "io/feature_file.hpp"
#include "io/feature_reader.hpp"
#include "tests/test_support.hpp"

namespace nexus::io {
namespace {

using test::world;

// Rows of rank r: uneven, and none on the last rank when P > 1.
std::uint64_t rows_of(int r, int p, std::uint64_t base) {
  return p > 1 && r == p - 1 ? 0 : base + 3 * static_cast<std::uint64_t>(r);
}

struct Layout {
  std::uint64_t first = 0, rows = 0, total = 0;
};

Layout layout(std::uint64_t base) {
  Layout l;
  for (int r = 0; r < world().size(); ++r) {
    const auto n = rows_of(r, world().size(), base);
    if (r < world().rank()) l.first += n;
    if (r == world().rank()) l.rows = n;
    l.total += n;
  }
  return l;
}

FeatureFileInfo info_for(std::uint64_t n) {
  return {n, "abcdef0123456789", R"({"algorithms": ["pagerank"]})", world().size(), 2};
}

// Runs f on rank 0 only; every rank learns whether it succeeded (and rank 0 reports why not).
bool on_root(const std::function<void()>& f) {
  int ok = 1;
  if (world().rank() == 0) {
    try {
      f();
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      ok = 0;
    }
  }
  return world().broadcast(ok, 0) != 0;
}

void write_features(const std::string& path, std::uint64_t base) {
  const Layout l = layout(base);
  std::vector<std::int64_t> ids, com;
  std::vector<double> pr;
  std::vector<float> emb;
  for (std::uint64_t i = l.first; i < l.first + l.rows; ++i) {
    ids.push_back(100 + 7 * static_cast<std::int64_t>(i));
    pr.push_back(0.5 * static_cast<double>(i));
    com.push_back(static_cast<std::int64_t>(i % 3));
    for (int c = 0; c < 3; ++c) emb.push_back(static_cast<float>(i * 10 + c));
  }
  FeatureWriter w(path, world(), info_for(l.total), l.first, ids);
  w.write("pagerank", std::span<const double>(pr),
          {{"algorithm", std::string("pagerank")},
           {"damping", 0.85},
           {"max_iterations", std::int64_t{100}}});
  w.write("community", std::span<const std::int64_t>(com), {{"algorithm", std::string("louvain")}});
  w.write("embedding", std::span<const float>(emb), 3, {{"algorithm", std::string("node2vec")}});
  w.commit();
}

std::string check_with_h5py(const std::string& path, std::uint64_t n) {
  return test::run_python("import runpy, sys\nsys.argv = ['x', r'''" + path + "''', '" +
                          std::to_string(n) + "', '" + std::to_string(world().size()) +
                          "']\nrunpy.run_path('" NEXUS_SOURCE_DIR
                          "/tests/io/check_features.py', run_name='__main__')\n");
}

void check_with_reader(const std::string& path, std::uint64_t n) {
  FeatureReader r(path);
  EXPECT_EQ(r.format_version(), 1);
  EXPECT_EQ(r.format_version_minor(), 1);
  EXPECT_EQ(r.num_vertices(), n);
  EXPECT_EQ(r.graph_fingerprint(), "abcdef0123456789");
  EXPECT_EQ(r.root_attribute("nexus_format"), "features");
  const auto f = r.features();
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].name, "community");
  EXPECT_EQ(f[0].dtype, "int64");
  EXPECT_EQ(f[1].name, "embedding");
  EXPECT_EQ(f[1].dtype, "float32");
  EXPECT_EQ(f[1].shape, (std::vector<std::uint64_t>{n, 3}));
  EXPECT_EQ(f[2].name, "pagerank");
  EXPECT_FALSE(r.has_node_names());
  const auto ids = r.node_ids();
  const auto pr = r.read_float64("pagerank");
  const auto com = r.read_int64("community");
  std::size_t cols = 0;
  const auto emb = r.read_float32("embedding", &cols);
  ASSERT_EQ(ids.size(), n);
  ASSERT_EQ(cols, 3u);
  ASSERT_EQ(emb.size(), 3 * n);
  for (std::uint64_t i = 0; i < n; ++i) {
    EXPECT_EQ(ids[i], 100 + 7 * static_cast<std::int64_t>(i));
    EXPECT_EQ(pr[i], 0.5 * static_cast<double>(i));
    EXPECT_EQ(com[i], static_cast<std::int64_t>(i % 3));
    EXPECT_EQ(emb[3 * i + 2], static_cast<float>(i * 10 + 2));
  }
  const Attributes a = r.attributes("pagerank");
  ASSERT_EQ(a.size(), 3u);  // sorted by name
  EXPECT_EQ(std::get<std::string>(a[0].second), "pagerank");
  EXPECT_EQ(std::get<double>(a[1].second), 0.85);
  EXPECT_EQ(std::get<std::int64_t>(a[2].second), 100);
  EXPECT_THROW(r.read_float64("embedding"), InputError);  // 2-D, not 1-D
  EXPECT_THROW(r.read_int64("missing"), InputError);
}

void round_trip(const std::string& name, std::uint64_t base) {
  const std::string path = test::scratch_dir(name) + "/features.h5";
  write_features(path, base);
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  const std::uint64_t n = layout(base).total;
  EXPECT_TRUE(on_root([&] { EXPECT_EQ(check_with_h5py(path, n), "ok\n"); }));
  EXPECT_TRUE(on_root([&] { check_with_reader(path, n); }));
}

TEST(FeatureFile, RoundTrip) {
  round_trip("features_rt", 5);
}
TEST(FeatureFile, RoundTripSeveralChunks) {
  round_trip("features_big", 70001);
}
TEST(FeatureFile, NoRows) {
  round_trip("features_empty", 0);
}

TEST(FeatureFile, NodeNames) {
  const std::string path = test::scratch_dir("features_names") + "/f.h5";
  const Layout l = layout(4);
  std::vector<std::string> names;
  std::vector<double> v;
  for (auto i = l.first; i < l.first + l.rows; ++i) {
    names.push_back("node/" + std::string(i % 5, '#') + std::to_string(i));
    v.push_back(static_cast<double>(i));
  }
  {
    FeatureWriter w(path, world(), info_for(l.total), l.first, {}, names);
    w.write("x", std::span<const double>(v), {});
    w.commit();
  }
  EXPECT_TRUE(on_root([&] {
    FeatureReader r(path);
    ASSERT_TRUE(r.has_node_names());
    const auto got = r.node_names();
    const auto ids = r.node_ids();
    ASSERT_EQ(got.size(), l.total);
    for (std::uint64_t i = 0; i < l.total; ++i) {
      EXPECT_EQ(got[i], "node/" + std::string(i % 5, '#') + std::to_string(i));
      EXPECT_EQ(ids[i], static_cast<std::int64_t>(i));
    }
  }));
}

TEST(FeatureFile, UncommittedLeavesNothing) {
  const std::string path = test::scratch_dir("features_abort") + "/f.h5";
  const Layout l = layout(5);
  std::vector<std::int64_t> ids(l.rows, 1);
  {
    FeatureWriter w(path, world(), info_for(l.total), l.first, ids);
    w.write("c", std::span<const std::int64_t>(ids), {});
  }
  world().barrier();
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST(FeatureFile, UncommittedKeepsPreviousFile) {
  const std::string path = test::scratch_dir("features_keep") + "/f.h5";
  const std::string before = "previous contents\n";
  if (world().rank() == 0) std::ofstream(path, std::ios::binary) << before;
  world().barrier();
  const Layout l = layout(5);
  std::vector<std::int64_t> ids(l.rows, 1);
  try {
    FeatureWriter w(path, world(), info_for(l.total), l.first, ids);
    w.write("c", std::span<const std::int64_t>(ids), {});
    throw std::runtime_error("job failed before commit");
  } catch (const std::runtime_error&) {
  }
  world().barrier();
  std::ifstream in(path, std::ios::binary);
  std::stringstream got;
  got << in.rdbuf();
  EXPECT_EQ(got.str(), before);
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST(FeatureFile, BadRowsFailOnEveryRank) {
  const std::string path = test::scratch_dir("features_badrows") + "/f.h5";
  const Layout l = layout(5);
  std::vector<std::int64_t> ids(l.rows, 1);
  EXPECT_THROW(FeatureWriter(path, world(), info_for(l.total + 1), l.first, ids),
               std::invalid_argument);
  FeatureWriter w(path, world(), info_for(l.total), l.first, ids);
  std::vector<double> v(world().rank() == 0 ? l.rows + 1 : l.rows);
  EXPECT_THROW(w.write("v", std::span<const double>(v), {}), std::invalid_argument);
}

TEST(FeatureReader, RefusesOtherVersionsAndGraphs) {
  const std::string dir = test::scratch_dir("features_v2");
  write_features(dir + "/f.h5", 2);
  EXPECT_TRUE(on_root([&] {
    test::run_python("import h5py, shutil\nshutil.copy(r'''" + dir + "/f.h5''', r'''" + dir +
                     "/v2.h5''')\nwith h5py.File(r'''" + dir +
                     "/v2.h5''', 'a') as f: f.attrs['format_version'] = 2\n"
                     "shutil.copy(r'''" +
                     dir + "/f.h5''', r'''" + dir +
                     "/v1_9.h5''')\n"
                     "with h5py.File(r'''" +
                     dir +
                     "/v1_9.h5''', 'a') as f: f.attrs['format_version_minor'] = 9\n"
                     "with h5py.File(r'''" +
                     dir +
                     "/g.h5''', 'w') as f: "
                     "f.attrs['nexus_format'] = 'graph'\n");
    try {
      FeatureReader r(dir + "/v2.h5");
      ADD_FAILURE() << "format_version 2 accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("unsupported format_version 2"), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find(dir + "/v2.h5"), std::string::npos);
    }
    FeatureReader minor(dir + "/v1_9.h5");  // a newer minor version only adds things
    EXPECT_EQ(minor.format_version(), 1);
    EXPECT_EQ(minor.format_version_minor(), 9);
    EXPECT_THROW(FeatureReader(dir + "/g.h5"), InputError);
    EXPECT_THROW(FeatureReader(dir + "/none.h5"), InputError);
  }));
}

}  // namespace
}  // namespace nexus::io
