// Rank-aware logging as plain functions: info() prints on rank 0 only, warn()/error() on the
// rank that calls them, each line prefixed with the elapsed time and the rank.
#pragma once

#include <string_view>

#include "engine/comm.hpp"

namespace nexus::engine {

enum class LogLevel { kQuiet, kInfo, kDebug };

void set_log_level(LogLevel level);                  // once, at start-up (before threads)
void info(const Comm& comm, std::string_view line);  // rank 0 only; not collective
void debug(const Comm& comm, std::string_view line);
void warn(const Comm& comm, std::string_view line);   // every calling rank
void error(const Comm& comm, std::string_view line);  // every calling rank, always shown

}  // namespace nexus::engine
