// A test hook that makes one rank fail on purpose, to prove that a failure on one rank ends the
// whole job promptly: NEXUS_FAULT="rank=R,phase=P,kind=K" with P one of load (after the graph is
// built), compute (before each task), write (with the output file open) and K one of throw (an
// exception), input (an InputError), abort (std::abort) and kill (SIGKILL to itself).
#pragma once

#include <optional>
#include <string>

namespace nexus::jobs {

struct Fault {
  int rank = 0;
  std::string phase;
  std::string kind;
};

// Parses the NEXUS_FAULT text; throws UsageError naming a malformed or unknown part.
Fault parse_fault(const std::string& text);

// Fails as NEXUS_FAULT says when this rank and phase are the named ones; else returns.
void inject_fault(const std::string& phase, int rank);

}  // namespace nexus::jobs
