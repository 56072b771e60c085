// Matrix Market banner and size line.
#include "io/text/mtx_header.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "engine/error.hpp"
#include "io/text/parse_line.hpp"

namespace nexus::io::text {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Banner words after %%MatrixMarket: object, format, field, symmetry.
void parse_banner(std::string_view line, MtxHeader& h) {
  std::string_view w[5];
  std::string_view rest = line;
  int n = 0;
  while (n < 5) {
    std::string_view f[kMaxFields];
    const int k = split_fields(rest, Separator::kWhitespace, f);
    if (k == 0) break;
    w[n++] = f[0];
    rest = rest.substr(static_cast<std::size_t>(f[0].data() + f[0].size() - rest.data()));
  }
  if (n != 5 || lower(w[0]) != "%%matrixmarket") {
    throw LineError(
        "not a Matrix Market banner (expected '%%MatrixMarket matrix coordinate "
        "<real|integer|pattern> <general|symmetric>')");
  }
  const std::string object = lower(w[1]), format = lower(w[2]);
  const std::string field = lower(w[3]), symmetry = lower(w[4]);
  if (object != "matrix" || format != "coordinate") {
    throw LineError("only 'matrix coordinate' Matrix Market files are supported, not '" + object +
                    " " + format + "'");
  }
  if (field != "real" && field != "integer" && field != "pattern") {
    throw LineError("unsupported Matrix Market field '" + field + "'");
  }
  if (symmetry != "general" && symmetry != "symmetric") {
    throw LineError("unsupported Matrix Market symmetry '" + symmetry + "'");
  }
  h.pattern = field == "pattern";
  h.symmetric = symmetry == "symmetric";
}

void parse_size(std::string_view line, MtxHeader& h) {
  std::string_view f[kMaxFields];
  if (split_fields(line, Separator::kWhitespace, f) != 3) {
    throw LineError("expected the size line 'rows cols entries'");
  }
  std::uint64_t* out[3] = {&h.rows, &h.cols, &h.nnz};
  for (int i = 0; i < 3; ++i) {
    const auto [p, ec] = std::from_chars(f[i].data(), f[i].data() + f[i].size(), *out[i]);
    if (ec != std::errc() || p != f[i].data() + f[i].size()) {
      throw LineError("bad size line field '" + std::string(f[i]) + "'");
    }
  }
}

}  // namespace

MtxHeader read_mtx_header(const std::string& path, const ReadTuning& tuning) {
  MtxHeader h;
  auto src = open_all_lines(path, tuning);
  TextChunk chunk;
  std::uint64_t line_no = 0;
  while (src->next(chunk)) {
    std::string_view text = chunk.text;
    std::uint64_t offset = chunk.offset;
    while (!text.empty()) {
      const std::size_t nl = text.find('\n');
      const std::size_t len = nl == text.npos ? text.size() : nl + 1;
      const std::string_view line = strip_cr(text.substr(0, nl == text.npos ? text.size() : nl));
      ++line_no;
      try {
        if (line_no == 1) {
          parse_banner(line, h);
        } else if (!line.starts_with('%') && !is_blank(line)) {
          parse_size(line, h);
          h.data_offset = offset + len;
          h.header_lines = line_no;
          return h;
        }
      } catch (const LineError& e) {
        throw InputError(path + ":" + std::to_string(line_no) + ": " + e.what());
      }
      text.remove_prefix(len);
      offset += len;
    }
  }
  throw InputError(path + ": Matrix Market file ends before its size line");
}

}  // namespace nexus::io::text
