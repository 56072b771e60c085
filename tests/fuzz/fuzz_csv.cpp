// libFuzzer target: `nexus import` of a CSV or TSV edge list (two flag bytes pick the options; bit
// 6 of the second byte picks TSV).
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  nexus::fuzz::init(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using nexus::io::TextFormat;
  const bool tsv = size > 1 && (data[1] & 64);
  return nexus::fuzz::run_text(data, size, tsv ? TextFormat::kTsv : TextFormat::kCsv,
                               tsv ? ".tsv" : ".csv");
}
