// ParamMap: the one parameter vocabulary shared by command-line subcommands and job files. Keys
// are snake_case (damping, tolerance, max_iterations, ...); the command line's --max-iterations
// is the key max_iterations. Values arrive typed (TOML) or as text (command line) and are
// converted on use; every key read is recorded with its effective value (for the report), and a
// key never read is an error (check_all_used).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "jobs/json.hpp"

namespace nexus::jobs {

// The shortest text that reads back as the same double ("1", "0.85", "1e-07").
std::string shortest_text(double x);

using ParamValue = std::variant<bool, std::int64_t, double, std::string, std::vector<std::string>>;

class ParamMap {
 public:
  explicit ParamMap(std::string context) : context_(std::move(context)) {}

  void set(const std::string& key, ParamValue value);
  bool has(const std::string& key) const;

  double get_double(const std::string& key, double fallback);
  std::int64_t get_int(const std::string& key, std::int64_t fallback);
  bool get_bool(const std::string& key, bool fallback);
  std::string get_string(const std::string& key, const std::string& fallback);
  // A list: a TOML array, or comma-separated text.
  std::vector<std::string> get_list(const std::string& key);

  // Throws UsageError naming the first key that was set but never read.
  void check_all_used() const;
  // The effective values of every key read, defaults included.
  const Json& effective() const { return effective_; }
  const std::string& context() const { return context_; }

 private:
  struct Entry {
    std::string key;
    ParamValue value;
    bool used = false;
  };
  Entry* find(const std::string& key);
  [[noreturn]] void bad(const std::string& key, const std::string& expected) const;

  std::string context_;
  std::vector<Entry> entries_;
  Json effective_ = Json::object();
};

}  // namespace nexus::jobs
