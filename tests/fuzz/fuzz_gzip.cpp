// libFuzzer target: `nexus import` of a gzip-compressed input (the bytes after the two flag bytes
// are the .gz file; the third flag bit of the second byte picks SNAP or CSV for the content).
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  nexus::fuzz::init(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using nexus::io::TextFormat;
  const bool csv = size > 1 && (data[1] & 64);
  return nexus::fuzz::run_text(data, size, csv ? TextFormat::kCsv : TextFormat::kSnap,
                               csv ? ".csv.gz" : ".txt.gz");
}
