// inspect_file on a graph file and a feature file written by this build (rank 0 prints the counts,
// datasets, attributes and first rows; other ranks print nothing) and on files that are not Nexus
// files (a plain HDF5 file, a missing file): the same InputError on every rank.
#include <gtest/gtest.h>

#include <sstream>

#include "engine/error.hpp"
#include "io/feature_file.hpp"
#include "io/graph_file.hpp"
#include "io/inspect.hpp"
#include "tests/test_support.hpp"

namespace nexus::io {
namespace {

using test::world;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(Inspect, GraphFile) {
  const auto& comm = world();
  const std::string path = test::scratch_dir("inspect_graph") + "/g.h5";
  engine::EdgeSlab e;
  for (std::uint64_t i = 0; i < 4; ++i) {  // 4 edges per rank: (r*4+i) -> (r*4+i+1) mod n
    const std::uint64_t g = 4 * static_cast<std::uint64_t>(comm.rank()) + i;
    e.src.push_back(g), e.dst.push_back((g + 1) % 40), e.weight.push_back(1.5f);
  }
  write_graph_file(path, comm, e, {}, {40, true, true, VertexIdKind::kNone, "inspect test"});
  std::ostringstream out;
  inspect_file(path, out, comm);
  const std::string text = out.str();
  if (comm.rank() != 0) {
    EXPECT_TRUE(text.empty());
    return;
  }
  EXPECT_TRUE(contains(text, "Nexus graph file, format_version 1")) << text;
  EXPECT_TRUE(contains(text, "num_vertices: 40")) << text;
  EXPECT_TRUE(contains(text, "num_edges: " + std::to_string(4 * comm.size()))) << text;
  EXPECT_TRUE(contains(text, "source = \"inspect test\"")) << text;
  EXPECT_TRUE(contains(text, "/edges/src  uint64 [" + std::to_string(4 * comm.size()) + "]"))
      << text;
  EXPECT_TRUE(contains(text, "/edges/weight  float32")) << text;
  EXPECT_TRUE(contains(text, "    [2] 3\n")) << text;  // /edges/dst row 2
}

TEST(Inspect, FeatureFile) {
  const auto& comm = world();
  const std::string path = test::scratch_dir("inspect_features") + "/f.h5";
  const std::uint64_t first = 3 * static_cast<std::uint64_t>(comm.rank());
  std::vector<std::int64_t> ids{static_cast<std::int64_t>(first),
                                static_cast<std::int64_t>(first + 1),
                                static_cast<std::int64_t>(first + 2)};
  const std::uint64_t n = 3 * static_cast<std::uint64_t>(comm.size());
  FeatureWriter w(path, comm, {n, "0123456789abcdef", "{}", comm.size(), 1}, first, ids);
  std::vector<float> emb(3 * 2, 0.25f);
  w.write("embedding", std::span<const float>(emb), 2, {{"algorithm", std::string("spectral")}});
  w.commit();
  std::ostringstream out;
  inspect_file(path, out, comm);
  if (comm.rank() != 0) return;
  const std::string text = out.str();
  EXPECT_TRUE(contains(text, "Nexus features file, format_version 1")) << text;
  EXPECT_TRUE(contains(text, "num_vertices: " + std::to_string(n))) << text;
  EXPECT_TRUE(contains(text, "/features/embedding  float32 [" + std::to_string(n) + " x 2]"))
      << text;
  EXPECT_TRUE(contains(text, "@algorithm = \"spectral\"")) << text;
  EXPECT_TRUE(contains(text, "shuffle")) << text;
  EXPECT_TRUE(contains(text, "[0] 0.25 0.25")) << text;
}

TEST(Inspect, NotNexus) {
  const auto& comm = world();
  const std::string dir = test::scratch_dir("inspect_bad");
  int ok = 1;
  if (comm.rank() == 0) {
    try {
      test::run_python("import h5py, numpy\nwith h5py.File(r'''" + dir +
                       "/random.h5''', 'w') as f: f['data'] = numpy.arange(10)\n");
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      ok = 0;
    }
  }
  ASSERT_TRUE(comm.broadcast(ok, 0));
  for (const std::string name : {"/random.h5", "/missing.h5"}) {
    std::ostringstream out;
    try {
      inspect_file(dir + name, out, comm);
      ADD_FAILURE() << "no error for " << name;
    } catch (const InputError& e) {
      EXPECT_TRUE(contains(e.what(), dir + name)) << e.what();
      if (name == "/random.h5") {
        EXPECT_TRUE(contains(e.what(), "not a Nexus graph or feature file")) << e.what();
      }
    }
    EXPECT_TRUE(out.str().empty());
  }
}

}  // namespace
}  // namespace nexus::io
