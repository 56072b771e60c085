// Signal handlers of stop_signals.hpp: a lock-free atomic per request, nothing else.
#include "jobs/stop_signals.hpp"

#include <atomic>
#include <csignal>

namespace nexus::jobs {
namespace {

std::atomic<int> g_request{0};  // SignalRequest, the strongest so far
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "signal handlers need lock-free atomics");

extern "C" void on_signal(int sig) {
  const int want =
      static_cast<int>(sig == SIGUSR2 ? SignalRequest::kCheckpoint : SignalRequest::kStop);
  int seen = g_request.load();
  while (seen < want && !g_request.compare_exchange_weak(seen, want)) {
  }
  g_signal.store(sig);
  if (sig != SIGUSR2) std::signal(sig, SIG_DFL);  // a second stop signal ends the process
}

}  // namespace

void install_stop_signals() {
  for (int sig : {SIGTERM, SIGUSR1, SIGUSR2}) {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(sig, &sa, nullptr);
  }
}

SignalRequest pending_signal_request() {
  return static_cast<SignalRequest>(g_request.load());
}

void clear_checkpoint_request() {
  int expected = static_cast<int>(SignalRequest::kCheckpoint);
  g_request.compare_exchange_strong(expected, 0);
}

int last_signal() {
  return g_signal.load();
}

}  // namespace nexus::jobs
