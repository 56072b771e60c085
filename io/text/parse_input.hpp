// The local parse stage of an import: this rank's share of lines into edges with original ids
// (integers, or indices into the rank's distinct names), and the collective agreement on errors
// (every rank throws the same message: the failure at the earliest line of the file).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/comm.hpp"
#include "engine/error.hpp"
#include "io/import.hpp"
#include "io/text/line_source.hpp"
#include "io/text/mtx_header.hpp"

namespace nexus::io::text {

struct ParseSpec {
  TextFormat format = TextFormat::kSnap;
  bool one_based = false;
  bool weighted = false;
  bool string_ids = false;
  std::optional<bool> header;
  MtxHeader mtx;  // for kMatrixMarket
};

struct RawEdges {
  std::vector<std::int64_t> src, dst;  // original integer ids, or indices into `names`
  std::vector<float> weight;           // empty unless weighted
  bool weighted = false;
  std::vector<std::string> names;  // string ids: the distinct names this rank saw
  std::uint64_t data_lines = 0;
};

// A failure seen by one rank. `line` is 1-based; when `relative`, the lines of lower ranks (and a
// Matrix Market header) must still be added.
struct LocalFailure {
  bool failed = false;
  bool system = false;  // a SystemError rather than an InputError
  bool has_line = false;
  bool relative = false;
  std::uint64_t line = 0;
  std::string text;  // without the "<file>:<line>: " prefix when has_line
};

// Parses this rank's lines from `src` (local; stops at the first problem, recorded in `failure`).
RawEdges parse_share(const ParseSpec& spec, LineSource& src, bool may_own_first_line,
                     LocalFailure& failure);

// Collective: if any rank failed, every rank throws the same exception (InputError or
// SystemError) for the failure at the smallest true line number (failures without a line come
// last; ties go to the lowest rank). `owned_lines` is this rank's count of lines of a plain byte
// range (0 for absolute numbering); `line_base` the lines before the data (a Matrix Market header).
void agree_on_failure(const engine::Comm& comm, const std::string& path,
                      const LocalFailure& failure, std::uint64_t owned_lines,
                      std::uint64_t line_base);

// Runs `fn` and records an InputError or SystemError it throws in `failure` (without a line), so
// that the ranks can agree before the next collective instead of one rank leaving alone.
template <class Fn>
void capture_failure(LocalFailure& failure, Fn&& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    failure = {true, false, false, false, 0, e.what()};
  } catch (const SystemError& e) {
    failure = {true, true, false, false, 0, e.what()};
  }
}

}  // namespace nexus::io::text
