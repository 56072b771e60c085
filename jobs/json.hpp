// A small JSON value for reports and the effective configuration: objects keep insertion order,
// numbers print with full precision. Only what the reports need; no parser.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace nexus::jobs {

class Json {
 public:
  using Object = std::vector<std::pair<std::string, Json>>;
  using Array = std::vector<Json>;

  Json() : v_(nullptr) {}
  Json(bool b) : v_(b) {}
  Json(int i) : v_(static_cast<std::int64_t>(i)) {}
  Json(std::int64_t i) : v_(i) {}
  Json(std::uint64_t i) : v_(static_cast<std::int64_t>(i)) {}
  Json(double d) : v_(d) {}
  Json(const char* s) : v_(std::string(s)) {}
  Json(std::string s) : v_(std::move(s)) {}
  Json(Array a) : v_(std::move(a)) {}
  Json(Object o) : v_(std::move(o)) {}

  static Json object() { return Json(Object{}); }
  static Json array() { return Json(Array{}); }
  // Text that is already JSON (e.g. a summary saved in a checkpoint), written as it is.
  static Json raw(std::string text) {
    Json j;
    j.v_ = Raw{std::move(text)};
    return j;
  }

  // Object member (inserted if absent).
  Json& operator[](const std::string& key);
  void push_back(Json value);
  std::string dump(int indent = 2) const;
  // Reading an object's member back (the memory estimate reads effective parameters): a number
  // (a bool as 0/1), else `fallback`; the length of an array member, else 0.
  double number_or(const std::string& key, double fallback) const;
  std::size_t array_size(const std::string& key) const;

 private:
  struct Raw {
    std::string text;
  };
  void dump_to(std::string& out, int indent, int depth) const;
  const Json* member(const std::string& key) const;
  std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Array, Object, Raw> v_;
};

}  // namespace nexus::jobs
