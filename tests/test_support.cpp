// Test helpers: shared Comm, scratch directories, python oracles.
#include "tests/test_support.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace nexus::test {

const engine::Comm& world() {
  static engine::Comm comm = engine::Comm::world();
  return comm;
}

std::string scratch_dir(const std::string& name) {
  const auto& comm = world();
  // Rank 0's pid makes the path unique per test process; every rank uses it.
  const long pid = comm.broadcast<long>(static_cast<long>(getpid()), 0);
  auto dir =
      std::filesystem::temp_directory_path() / ("nexus-test-" + std::to_string(pid) + "-" + name);
  if (comm.rank() == 0) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  comm.barrier();
  return dir.string();
}

std::string run_python(const std::string& script) {
  const std::string path =
      std::filesystem::temp_directory_path() / ("nexus-py-" + std::to_string(getpid()) + ".py");
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) throw std::runtime_error("cannot write " + path);
    std::fwrite(script.data(), 1, script.size(), f);
    std::fclose(f);
  }
  std::string cmd = std::string(NEXUS_PYTHON) + " " + path;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("popen failed");
  std::string out;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
  const int rc = pclose(pipe.release());
  std::filesystem::remove(path);
  if (rc != 0) throw std::runtime_error("python failed (" + std::to_string(rc) + "): " + script);
  return out;
}

std::string data_path(const std::string& relative) {
  return std::string(NEXUS_DATA_DIR) + "/" + relative;
}

}  // namespace nexus::test
