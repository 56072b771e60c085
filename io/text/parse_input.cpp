// Local parse of a rank's lines (SNAP, CSV, TSV, Matrix Market entries) and the collective
// agreement on the first failure.
#include "io/text/parse_input.hpp"

#include <cstring>
#include <deque>
#include <unordered_map>

#include "io/text/parse_line.hpp"

namespace nexus::io::text {
namespace {

std::string field_count_message(int found, int wanted) {
  const char* what =
      wanted == 3 ? "3 fields (source, target, weight)" : "2 fields (source, target)";
  if (found > kMaxFields) return std::string("expected ") + what + ", found more than 3";
  return std::string("expected ") + what + ", found " + std::to_string(found);
}

class ShareParser {
 public:
  explicit ShareParser(const ParseSpec& spec) : spec_(spec) {
    out_.weighted = spec.weighted;
    if (spec.format == TextFormat::kCsv) sep_ = Separator::kComma;
    if (spec.format == TextFormat::kTsv) sep_ = Separator::kTab;
  }

  void line(std::string_view raw, bool first_of_file) {
    const std::string_view line = strip_cr(raw);
    if (skippable(line)) return;
    std::string_view f[kMaxFields];
    const int n = split_fields(line, sep_, f);
    if (first_of_file && is_header(f, n)) return;
    const int want = spec_.weighted ? 3 : 2;
    if (n != want) throw LineError(field_count_message(n, want));
    const bool mtx = spec_.format == TextFormat::kMatrixMarket;
    const std::int64_t s = endpoint(f[0]), d = endpoint(f[1]);
    if (mtx) check_mtx_entry(s, d);
    const float w = spec_.weighted ? static_cast<float>(parse_weight(f[2])) : 0.0f;
    out_.src.push_back(s);
    out_.dst.push_back(d);
    if (spec_.weighted) out_.weight.push_back(w);
    ++out_.data_lines;
  }

  RawEdges take() {
    out_.names.assign(std::make_move_iterator(names_.begin()),
                      std::make_move_iterator(names_.end()));
    return std::move(out_);
  }

 private:
  bool skippable(std::string_view line) const {
    std::size_t i = line.find_first_not_of(" \t");
    if (i == line.npos) return true;
    const char c = line[i];
    switch (spec_.format) {
      case TextFormat::kSnap:
        return c == '#' || c == '%';
      case TextFormat::kMatrixMarket:
        return c == '%';
      default:
        return false;
    }
  }

  bool is_header(const std::string_view* f, int n) const {
    if (spec_.format != TextFormat::kCsv && spec_.format != TextFormat::kTsv) return false;
    if (spec_.header) return *spec_.header;
    return !spec_.string_ids && n >= 2 && !looks_like_integer(f[0]) && !looks_like_integer(f[1]);
  }

  std::int64_t endpoint(std::string_view f) {
    if (!spec_.string_ids || spec_.format == TextFormat::kMatrixMarket) {
      return parse_id(f, spec_.one_based || spec_.format == TextFormat::kMatrixMarket);
    }
    if (f.empty()) throw LineError("empty vertex name");
    const auto it = index_.find(f);
    if (it != index_.end()) return it->second;
    const auto id = static_cast<std::int64_t>(names_.size());
    index_.emplace(names_.emplace_back(f), id);
    return id;
  }

  void check_mtx_entry(std::int64_t row, std::int64_t col) const {
    if (static_cast<std::uint64_t>(row) > spec_.mtx.rows ||
        static_cast<std::uint64_t>(col) > spec_.mtx.cols) {
      throw LineError("entry (" + std::to_string(row) + ", " + std::to_string(col) +
                      ") lies outside the declared " + std::to_string(spec_.mtx.rows) + " x " +
                      std::to_string(spec_.mtx.cols) + " matrix");
    }
  }

  const ParseSpec& spec_;
  Separator sep_ = Separator::kWhitespace;
  RawEdges out_;
  std::deque<std::string> names_;  // stable storage for the views in index_
  std::unordered_map<std::string_view, std::int64_t> index_;
};

}  // namespace

RawEdges parse_share(const ParseSpec& spec, LineSource& src, bool may_own_first_line,
                     LocalFailure& failure) {
  ShareParser parser(spec);
  std::uint64_t line_index = 0;
  try {
    TextChunk chunk;
    while (src.next(chunk)) {
      line_index = chunk.first_line;
      const char* p = chunk.text.data();
      const char* const end = p + chunk.text.size();
      while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
        const char* stop = nl ? nl : end;
        parser.line({p, static_cast<std::size_t>(stop - p)}, may_own_first_line && line_index == 0);
        ++line_index;
        p = nl ? nl + 1 : end;
      }
    }
  } catch (const LineError& e) {
    failure = {true, false, true, !src.absolute(), line_index + 1, e.what()};
  } catch (const InputError& e) {
    failure = {true, false, false, false, 0, e.what()};
  } catch (const SystemError& e) {
    failure = {true, true, false, false, 0, e.what()};
  }
  return parser.take();
}

void agree_on_failure(const engine::Comm& comm, const std::string& path,
                      const LocalFailure& failure, std::uint64_t owned_lines,
                      std::uint64_t line_base) {
  if (!comm.any(failure.failed)) return;
  const std::uint64_t prefix = comm.exclusive_prefix_sum(owned_lines);
  std::uint64_t line = failure.line;
  if (failure.relative) line += line_base + prefix;
  std::uint64_t key = UINT64_MAX;
  if (failure.failed) key = failure.has_line ? line : UINT64_MAX - 1;
  const std::uint64_t best = comm.min(key);
  const int winner = comm.min(key == best ? comm.rank() : comm.size());
  std::string message = failure.text;
  if (failure.has_line) message = path + ":" + std::to_string(line) + ": " + failure.text;
  std::vector<char> bytes(message.begin(), message.end());
  comm.broadcast(bytes, winner);
  const bool system = comm.broadcast<bool>(failure.system, winner);
  message.assign(bytes.begin(), bytes.end());
  if (system) throw SystemError(message);
  throw InputError(message);
}

}  // namespace nexus::io::text
