// Per-line parsing for the text formats: field splitting (whitespace, comma, tab), comment and
// blank-line detection, and checked conversion of ids and weights with std::from_chars. Problems
// throw LineError with a message that the caller prefixes with "<file>:<line>: ".
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace nexus::io::text {

class LineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Separator { kWhitespace, kComma, kTab };

inline constexpr int kMaxFields = 3;

// Splits `line` (no '\n'; a trailing '\r' is ignored) into fields. Returns the number of fields,
// or kMaxFields + 1 when there are more than kMaxFields. Comma and tab fields are trimmed of
// surrounding spaces; a CSV field may be double-quoted ("" inside quotes is a literal quote, kept
// as two characters in the view: string ids are compared by their raw text).
int split_fields(std::string_view line, Separator sep, std::string_view* fields);

// True for a line with nothing but whitespace.
bool is_blank(std::string_view line);

// A non-negative integer id; `one_based` rejects 0. Throws LineError naming the field.
std::int64_t parse_id(std::string_view field, bool one_based);
// Whether `field` is an integer id at all (for header detection).
bool looks_like_integer(std::string_view field);
// A finite weight that fits in a float.
double parse_weight(std::string_view field);

// Removes one trailing '\r'.
inline std::string_view strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace nexus::io::text
