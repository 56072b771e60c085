// LineSource: this rank's share of the lines of a text input, handed out as chunks of whole lines
// from one large buffer (no per-line allocation). Plain files are split into P byte ranges (a rank
// owns the lines that start in its range); gzip streams are inflated whole by every rank, which
// owns the lines starting in its round-robin blocks of the inflated stream (so gzip input is not
// parsed faster with more ranks, but memory stays bounded: two buffers whatever the file size).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nexus::io::text {

struct ReadTuning {
  std::size_t buffer_bytes = 8u << 20;        // initial read buffer (grows for longer lines)
  std::uint64_t gzip_block_bytes = 4u << 20;  // round-robin block of the inflated stream
};

// Whole lines: every line ends with '\n' except possibly the last line of the input.
struct TextChunk {
  std::string_view text;
  std::uint64_t first_line = 0;  // 0-based index of the first line; see LineSource::line_base
  std::uint64_t offset = 0;      // stream offset of text[0]
};

// Produces raw bytes of the (decompressed) stream: at most `max` bytes, 0 at the end.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  virtual std::size_t read(char* dst, std::size_t max) = 0;
};

// Which lines a rank owns: for a line starting at stream offset `start`, whether it is owned,
// skipped, or the rank is finished, and the offset where that answer may change.
struct Segment {
  enum Kind { kOwned, kSkip, kStop } kind = kOwned;
  std::uint64_t end = UINT64_MAX;
};

class LineSource {
 public:
  // `stream` starts at stream offset `start`. `absolute` line numbers count every line the
  // stream passes; otherwise only the owned ones (the caller adds the lines of lower ranks).
  LineSource(std::unique_ptr<ByteStream> stream, std::uint64_t start, bool absolute,
             std::size_t buffer_bytes);
  virtual ~LineSource() = default;

  // The next chunk of owned lines; false at the end. The view is valid until the next call.
  bool next(TextChunk& chunk);
  // Owned lines handed out so far (a plain range's line count once next() returned false).
  std::uint64_t owned_lines() const { return owned_lines_; }
  bool absolute() const { return absolute_; }

 protected:
  virtual Segment segment(std::uint64_t start) const = 0;

 private:
  bool refill();
  std::size_t find_cut(const Segment& seg) const;

  std::unique_ptr<ByteStream> stream_;
  std::vector<char> buf_;
  std::size_t lo_ = 0, hi_ = 0;  // unconsumed bytes buf_[lo_, hi_)
  std::uint64_t buf_offset_;     // stream offset of buf_[0]
  bool eof_ = false;
  bool absolute_;
  std::uint64_t all_lines_ = 0, owned_lines_ = 0;
};

// Opens `path` for this rank's share of lines starting at or after `data_start` (the data after a
// Matrix Market header, else 0). Gzip is detected by the name (.gz) or the magic bytes 1f 8b.
// Throws InputError("<path>: no such file") and SystemError for other I/O failures. Local.
std::unique_ptr<LineSource> open_lines(const std::string& path, std::uint64_t data_start, int rank,
                                       int num_ranks, const ReadTuning& tuning);
// Every line from the start (used for headers); local.
std::unique_ptr<LineSource> open_all_lines(const std::string& path, const ReadTuning& tuning);

bool is_gzip(const std::string& path);
std::uint64_t file_size(const std::string& path);

}  // namespace nexus::io::text
