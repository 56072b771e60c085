// Logging to stderr with elapsed seconds since start-up and the rank.
#include "engine/log.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace nexus::engine {
namespace {

struct LogState {
  LogLevel level = LogLevel::kInfo;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};
LogState& state() {
  static LogState s;
  return s;
}

void emit(const Comm& comm, const char* tag, std::string_view line) {
  const double t =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - state().start).count();
  std::string text = "[nexus " + std::to_string(t).substr(0, std::to_string(t).find('.') + 4) +
                     "s r" + std::to_string(comm.rank()) + "] " + tag + std::string(line) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

void set_log_level(LogLevel level) {
  state().level = level;
}

void info(const Comm& comm, std::string_view line) {
  if (comm.rank() == 0 && state().level >= LogLevel::kInfo) emit(comm, "", line);
}
void debug(const Comm& comm, std::string_view line) {
  if (comm.rank() == 0 && state().level >= LogLevel::kDebug) emit(comm, "", line);
}
void warn(const Comm& comm, std::string_view line) {
  emit(comm, "warning: ", line);
}
void error(const Comm& comm, std::string_view line) {
  emit(comm, "error: ", line);
}

}  // namespace nexus::engine
