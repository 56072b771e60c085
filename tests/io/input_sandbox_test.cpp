// The input sandbox (io/input_sandbox.hpp) and the metadata probe (h5::probe_file): the child's
// answer and errors come back unchanged; a child that crashes, loops or allocates without bound
// is an InputError naming the file; the collective check fails alike on every rank; graph files
// that crash libhdf5 (tests/e2e/libhdf5_crashers/) are input errors through read_graph_header,
// and a valid graph file with vertex names passes it. Rank-local cases run on rank 0 only.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "engine/error.hpp"
#include "io/graph_file.hpp"
#include "io/input_sandbox.hpp"
#include "tests/test_support.hpp"

namespace nexus::io {
namespace {

using test::world;

template <class E, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(InputSandbox, ReturnsWhatTheChildComputed) {
  if (world().rank() != 0) GTEST_SKIP() << "rank-local";
  const std::string pid = std::to_string(::getpid());
  const std::string got =
      run_in_input_sandbox("f.h5", [] { return "child " + std::to_string(::getpid()); });
  EXPECT_TRUE(contains(got, "child ")) << got;
  EXPECT_NE(got, "child " + pid);  // it ran in another process
  ::setenv("NEXUS_INPUT_SANDBOX", "0", 1);
  EXPECT_EQ(run_in_input_sandbox("f.h5", [] { return "child " + std::to_string(::getpid()); }),
            "child " + pid);  // disabled: in this process
  ::unsetenv("NEXUS_INPUT_SANDBOX");
  const std::string big(300000, 'x');  // more than a pipe buffer
  EXPECT_EQ(run_in_input_sandbox("f.h5", [&] { return big; }), big);
}

TEST(InputSandbox, PassesTheChildsErrorsOn) {
  if (world().rank() != 0) GTEST_SKIP() << "rank-local";
  EXPECT_EQ(error_of<InputError>([] {
              run_in_input_sandbox("f.h5", []() -> std::string { throw InputError("f.h5: bad"); });
            }),
            "f.h5: bad");
  EXPECT_EQ(error_of<UsageError>([] {
              run_in_input_sandbox("f.h5", []() -> std::string { throw UsageError("f.h5: use"); });
            }),
            "f.h5: use");
  EXPECT_EQ(error_of<SystemError>([] {
              run_in_input_sandbox("f.h5", []() -> std::string { throw SystemError("f.h5: io"); });
            }),
            "f.h5: io");
}

TEST(InputSandbox, CrashIsAnInputError) {
  if (world().rank() != 0) GTEST_SKIP() << "rank-local";
  const std::string e = error_of<InputError>([] {
    run_in_input_sandbox("crash.h5", []() -> std::string {
      std::raise(SIGSEGV);
      return "";
    });
  });
  EXPECT_EQ(e,
            "crash.h5: corrupt HDF5 file: the HDF5 library crashed (SIGSEGV) while reading its "
            "metadata");
  EXPECT_TRUE(contains(error_of<InputError>([] {
                         run_in_input_sandbox("abort.h5", []() -> std::string { std::abort(); });
                       }),
                       "abort.h5: corrupt HDF5 file: the HDF5 library crashed (SIGABRT)"));
}

TEST(InputSandbox, EndlessLoopIsAnInputErrorAfterTheCpuLimit) {
  if (world().rank() != 0) GTEST_SKIP() << "rank-local";
  ::setenv("NEXUS_INPUT_SANDBOX_SECONDS", "1", 1);
  const std::string e = error_of<InputError>([] {
    run_in_input_sandbox("loop.h5", []() -> std::string {
      std::atomic<unsigned long> spins{0};
      for (;;) spins = spins.load() + 1;
    });
  });
  ::unsetenv("NEXUS_INPUT_SANDBOX_SECONDS");
  EXPECT_EQ(e,
            "loop.h5: corrupt HDF5 file: the HDF5 library did not finish reading its metadata "
            "within 1 s of CPU time (NEXUS_INPUT_SANDBOX_SECONDS raises the limit)");
}

#if !defined(__SANITIZE_ADDRESS__)
TEST(InputSandbox, UnboundedAllocationIsAnInputError) {
  if (world().rank() != 0) GTEST_SKIP() << "rank-local";
  const std::string e = error_of<InputError>([] {
    run_in_input_sandbox("huge.h5", []() -> std::string {
      std::vector<std::unique_ptr<char[]>> keep;  // 1 GiB blocks, never touched
      for (int i = 0; i < 64; ++i) keep.emplace_back(new char[std::size_t{1} << 30]);
      return "";
    });
  });
  EXPECT_EQ(e, "huge.h5: corrupt HDF5 file: reading its metadata needed more than 4 GiB of memory");
}
#endif

TEST(InputSandbox, CollectiveCheckFailsOnEveryRank) {
  const auto& comm = world();
  const std::string e = error_of<InputError>(
      [&] { check_in_input_sandbox("c.h5", comm, [] { std::raise(SIGBUS); }); });
  if (comm.rank() == 0) {
    EXPECT_TRUE(contains(e, "c.h5: corrupt HDF5 file: the HDF5 library crashed (SIGBUS)")) << e;
  } else {
    EXPECT_EQ(e, "c.h5: rank 0 found it unreadable");
  }
  check_in_input_sandbox("c.h5", comm, [] {});  // and passes alike
}

TEST(InputSandbox, GraphFilesThatCrashLibhdf5AreInputErrors) {
  const auto& comm = world();
  const std::string dir = std::string(NEXUS_SOURCE_DIR) + "/tests/e2e/libhdf5_crashers/";
  ::setenv("NEXUS_INPUT_SANDBOX_SECONDS", "1", 1);
  for (const char* name : {"h5hg_read_memcpy_segv.h5", "h5hg_protect_endless_loop.h5"}) {
    const std::string e = error_of<InputError>([&] { (void)read_graph_header(dir + name, comm); });
    EXPECT_TRUE(contains(e, dir + name + ": corrupt HDF5 file: the HDF5 library ")) << e;
  }
  ::unsetenv("NEXUS_INPUT_SANDBOX_SECONDS");
}

TEST(InputSandbox, ValidGraphWithNamesPasses) {
  const auto& comm = world();
  const std::string path = test::scratch_dir("sandbox_names") + "/g.h5";
  engine::EdgeSlab e;
  VertexIdBlock ids;
  const std::uint64_t r = static_cast<std::uint64_t>(comm.rank()), n = 10 * comm.size();
  ids.first = 10 * r;
  for (std::uint64_t i = 0; i < 10; ++i) {
    e.src.push_back(10 * r + i), e.dst.push_back((10 * r + i + 1) % n);
    ids.names.push_back("vertex-" + std::to_string(10 * r + i));
  }
  write_graph_file(path, comm, e, ids, {n, true, false, VertexIdKind::kName, "sandbox test"});
  const GraphHeader h = read_graph_header(path, comm);
  EXPECT_EQ(h.num_vertices, n);
  EXPECT_EQ(h.num_edges, n);
  EXPECT_EQ(h.ids, VertexIdKind::kName);
  EXPECT_EQ(h.fingerprint.size(), 16u);
  EXPECT_EQ(read_vertex_names(h, comm, n - 1, n).at(0), "vertex-" + std::to_string(n - 1));
}

}  // namespace
}  // namespace nexus::io
