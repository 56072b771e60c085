// Shared harness of the libFuzzer targets: MPI started once (MPI_COMM_SELF is the communicator),
// the fuzz input written to a scratch file (the readers take paths), text import options decoded
// from the first two input bytes, and the rule for exceptions: InputError is the expected answer
// to a bad input; anything else escaping a reader aborts the run (a finding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/comm.hpp"
#include "io/import.hpp"
#include "io/text/line_source.hpp"

namespace nexus::fuzz {

// MPI_Init (called from LLVMFuzzerInitialize) and the communicator the targets use.
void init(int* argc, char*** argv);
const engine::Comm& comm();

// Writes `size` bytes to this process's scratch file (name ending in `suffix`) and returns its
// path.
const std::string& write_input(const std::uint8_t* data, std::size_t size, const char* suffix);

// Import options and read tuning from two flag bytes (ids 0/1-based, weights, string ids, header,
// direction, self-loop and duplicate policies, tiny buffers so that chunk boundaries are hit).
struct TextCase {
  io::ImportOptions options;
  io::text::ReadTuning tuning;
};
TextCase decode_flags(std::uint8_t a, std::uint8_t b, io::TextFormat format);

// Runs a text import of `data` (after the two flag bytes) as `format`; InputError is expected.
int run_text(const std::uint8_t* data, std::size_t size, io::TextFormat format, const char* suffix);

}  // namespace nexus::fuzz
