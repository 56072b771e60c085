// Field splitting and checked number conversion for the text importers.
#include "io/text/parse_line.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace nexus::io::text {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string quote(std::string_view s) {
  constexpr std::size_t kShown = 40;
  return "'" + std::string(s.substr(0, kShown)) + (s.size() > kShown ? "...'" : "'");
}

int split_whitespace(std::string_view line, std::string_view* fields) {
  int n = 0;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && is_space(line[i])) ++i;
    if (i == line.size()) return n;
    const std::size_t start = i;
    while (i < line.size() && !is_space(line[i])) ++i;
    if (n == kMaxFields) return kMaxFields + 1;
    fields[n++] = line.substr(start, i - start);
  }
}

// Next CSV field starting at i (a quoted field ends at its closing quote); returns the index of
// the separator after it or line.size().
std::size_t csv_field(std::string_view line, std::size_t i, char sep, std::string_view& field) {
  std::size_t j = i;
  while (j < line.size() && line[j] == ' ') ++j;
  if (sep == ',' && j < line.size() && line[j] == '"') {
    std::size_t k = j + 1;
    while (k < line.size() && !(line[k] == '"' && (k + 1 == line.size() || line[k + 1] != '"'))) {
      k += line[k] == '"' ? 2 : 1;
    }
    if (k >= line.size()) throw LineError("unterminated quoted field");
    field = line.substr(j + 1, k - j - 1);
    const std::size_t after = line.find(sep, k);
    if (!trim(line.substr(k + 1, after == line.npos ? line.npos : after - k - 1)).empty()) {
      throw LineError("text after a quoted field");
    }
    return after == line.npos ? line.size() : after;
  }
  const std::size_t after = line.find(sep, i);
  field = trim(line.substr(i, after == line.npos ? line.npos : after - i));
  return after == line.npos ? line.size() : after;
}

}  // namespace

int split_fields(std::string_view line, Separator sep, std::string_view* fields) {
  line = strip_cr(line);
  if (sep == Separator::kWhitespace) return split_whitespace(line, fields);
  const char c = sep == Separator::kComma ? ',' : '\t';
  int n = 0;
  std::size_t i = 0;
  for (;;) {
    std::string_view f;
    i = csv_field(line, i, c, f);
    if (n == kMaxFields) return kMaxFields + 1;
    fields[n++] = f;
    if (i == line.size()) return n;
    ++i;  // past the separator
  }
}

bool is_blank(std::string_view line) {
  for (char c : line) {
    if (!is_space(c)) return false;
  }
  return true;
}

bool looks_like_integer(std::string_view field) {
  if (!field.empty() && field.front() == '-') field.remove_prefix(1);
  if (field.empty()) return false;
  for (char c : field) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::int64_t parse_id(std::string_view field, bool one_based) {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec == std::errc::result_out_of_range) {
    throw LineError("id " + quote(field) + " is out of range (larger than the int64 maximum)");
  }
  if (ec != std::errc() || p != field.data() + field.size() || field.empty()) {
    throw LineError("id " + quote(field) + " is not an integer (use string ids for names)");
  }
  if (v < 0) throw LineError("negative id " + quote(field));
  if (v == 0 && one_based) throw LineError("id 0 in a one-based file");
  return v;
}

double parse_weight(std::string_view field) {
  double w = 0;
  const auto [p, ec] = std::from_chars(field.data(), field.data() + field.size(), w);
  if (ec == std::errc::result_out_of_range) {
    throw LineError("weight " + quote(field) + " is out of the float range");
  }
  if (ec != std::errc() || p != field.data() + field.size() || field.empty()) {
    throw LineError("weight " + quote(field) + " is not a number");
  }
  if (!std::isfinite(w)) throw LineError("weight " + quote(field) + " is not finite");
  if (std::abs(w) > std::numeric_limits<float>::max()) {
    throw LineError("weight " + quote(field) + " is out of the float range");
  }
  return w;
}

}  // namespace nexus::io::text
