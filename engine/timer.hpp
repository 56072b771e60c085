// Phase timers: named wall-clock phases (read, partition, compute, write) for the JSON report.
// The time of a phase is the maximum over ranks, taken when the report is made.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace nexus::engine {

class PhaseTimer {
 public:
  void start(std::string name) {
    stop();
    current_ = std::move(name);
    t0_ = std::chrono::steady_clock::now();
  }
  void stop() {
    if (current_.empty()) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    add(current_, s);
    current_.clear();
  }
  void add(const std::string& name, double seconds) {
    for (auto& [n, t] : phases_)
      if (n == name) {
        t += seconds;
        return;
      }
    phases_.emplace_back(name, seconds);
  }
  const std::vector<std::pair<std::string, double>>& phases() const { return phases_; }

 private:
  std::vector<std::pair<std::string, double>> phases_;
  std::string current_;
  std::chrono::steady_clock::time_point t0_;
};

}  // namespace nexus::engine
