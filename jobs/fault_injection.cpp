// NEXUS_FAULT parsing and injection.
#include "jobs/fault_injection.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "engine/error.hpp"

namespace nexus::jobs {

Fault parse_fault(const std::string& text) {
  Fault f;
  bool has_rank = false;
  std::istringstream parts(text);
  std::string part;
  auto bad = [&](const std::string& why) {
    throw UsageError("NEXUS_FAULT='" + text + "': " + why +
                     " (expected rank=R,phase=load|compute|write,kind=throw|input|abort|kill)");
  };
  while (std::getline(parts, part, ',')) {
    const auto eq = part.find('=');
    if (eq == std::string::npos) bad("'" + part + "' is not key=value");
    const std::string key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "rank") {
      char* end = nullptr;
      const long r = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || r < 0) bad("rank must be a rank number");
      f.rank = static_cast<int>(r);
      has_rank = true;
    } else if (key == "phase") {
      if (value != "load" && value != "compute" && value != "write") bad("unknown phase");
      f.phase = value;
    } else if (key == "kind") {
      if (value != "throw" && value != "input" && value != "abort" && value != "kill")
        bad("unknown kind");
      f.kind = value;
    } else {
      bad("unknown key '" + key + "'");
    }
  }
  if (!has_rank || f.phase.empty() || f.kind.empty()) bad("rank, phase and kind are all needed");
  return f;
}

void inject_fault(const std::string& phase, int rank) {
  const char* text = std::getenv("NEXUS_FAULT");
  if (!text || !*text) return;
  const Fault f = parse_fault(text);
  if (f.rank != rank || f.phase != phase) return;
  const std::string what =
      "injected fault (NEXUS_FAULT) on rank " + std::to_string(rank) + " in phase " + phase;
  if (f.kind == "throw") throw std::runtime_error(what);
  if (f.kind == "input") throw InputError(what + ": bad input seen by this rank only");
  std::fprintf(stderr, "nexus: %s: %s\n", what.c_str(), f.kind.c_str());
  std::fflush(stderr);
  if (f.kind == "abort") std::abort();
  std::raise(SIGKILL);
}

}  // namespace nexus::jobs
