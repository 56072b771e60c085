// The fuzz harness (fuzz_support.hpp).
#include "tests/fuzz/fuzz_support.hpp"

#include <mpi.h>
#include <sanitizer/lsan_interface.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "engine/error.hpp"
#include "io/text/import_pipeline.hpp"

namespace nexus::fuzz {

void init(int* argc, char*** argv) {
  int provided = 0;
  __lsan_disable();  // Open MPI keeps start-up allocations for the life of the process
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  (void)comm();
  __lsan_enable();
}

const engine::Comm& comm() {
  static const engine::Comm self = engine::Comm::self();
  return self;
}

const std::string& write_input(const std::uint8_t* data, std::size_t size, const char* suffix) {
  static std::string path;
  const char* dir = std::getenv("NEXUS_FUZZ_TMP");
  path = std::string(dir ? dir : "/tmp") + "/nexus-fuzz-" + std::to_string(::getpid()) + suffix;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f || (size > 0 && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
    std::perror(path.c_str());
    std::abort();  // the harness itself failed, not the code under test
  }
  return path;
}

TextCase decode_flags(std::uint8_t a, std::uint8_t b, io::TextFormat format) {
  TextCase c;
  io::ImportOptions& o = c.options;
  o.format = format;
  o.one_based = a & 1;
  o.weighted = a & 2;
  o.string_ids = a & 4;
  if (a & 8) o.header = (a & 16) != 0;
  o.directed = !(a & 32);
  o.self_loops = (a & 64) ? io::SelfLoopPolicy::kDrop : io::SelfLoopPolicy::kKeep;
  o.duplicates = static_cast<io::DuplicatePolicy>((b & 3) % 3);
  constexpr std::size_t kBuffers[4] = {16, 64, 1000, 65536};
  constexpr std::uint64_t kBlocks[4] = {1, 7, 64, 4u << 20};
  c.tuning.buffer_bytes = kBuffers[(b >> 2) & 3];
  c.tuning.gzip_block_bytes = kBlocks[(b >> 4) & 3];
  return c;
}

int run_text(const std::uint8_t* data, std::size_t size, io::TextFormat format,
             const char* suffix) {
  if (size < 2) return 0;
  const TextCase c = decode_flags(data[0], data[1], format);
  const std::string& path = write_input(data + 2, size - 2, suffix);
  try {
    io::text::ParsedGraph g = io::text::import_to_slab(path, c.options, comm(), c.tuning);
    // The result must be self-consistent: every endpoint below num_vertices.
    for (std::size_t i = 0; i < g.slab.src.size(); ++i) {
      if (g.slab.src[i] >= g.slab.num_vertices || g.slab.dst[i] >= g.slab.num_vertices) {
        std::fprintf(stderr, "edge %zu out of range\n", i);
        std::abort();
      }
    }
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace nexus::fuzz
