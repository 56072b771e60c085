// libFuzzer target: `nexus import` of a SNAP edge list (two flag bytes pick the options).
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  nexus::fuzz::init(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nexus::fuzz::run_text(data, size, nexus::io::TextFormat::kSnap, ".txt");
}
