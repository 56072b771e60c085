// LineSource: chunks of whole lines from a buffered byte stream, and the two ownership rules
// (a byte range of a plain file; round-robin blocks of an inflated gzip stream).
#include "io/text/line_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "engine/error.hpp"
#include "io/text/gzip_stream.hpp"

namespace nexus::io::text {
namespace {

constexpr std::size_t kMaxLineBytes = std::size_t{1} << 30;

// pread from a plain file, starting at a given offset.
class FileStream : public ByteStream {
 public:
  FileStream(const std::string& path, std::uint64_t offset) : path_(path), offset_(offset) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0 && errno == ENOENT) throw InputError(path + ": no such file");
    if (fd_ < 0) throw SystemError(path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd_);
      throw InputError(path + ": is a directory, not a file");
    }
  }
  ~FileStream() override { ::close(fd_); }
  std::size_t read(char* dst, std::size_t max) override {
    for (;;) {
      const ssize_t n = ::pread(fd_, dst, max, static_cast<off_t>(offset_));
      if (n >= 0) {
        offset_ += static_cast<std::uint64_t>(n);
        return static_cast<std::size_t>(n);
      }
      if (errno != EINTR) throw SystemError(path_ + ": read failed: " + std::strerror(errno));
    }
  }

 private:
  std::string path_;
  std::uint64_t offset_;
  int fd_ = -1;
};

// Plain file: lines starting in [begin, end) are owned; reading starts at begin - 1 so that the
// partial line before begin (owned by the previous rank) is recognised and skipped.
class RangeSource : public LineSource {
 public:
  RangeSource(std::unique_ptr<ByteStream> s, std::uint64_t read_from, std::uint64_t begin,
              std::uint64_t end, std::size_t buffer_bytes)
      : LineSource(std::move(s), read_from, false, buffer_bytes), begin_(begin), end_(end) {}

 protected:
  Segment segment(std::uint64_t start) const override {
    if (start < begin_) return {Segment::kSkip, begin_};
    if (start < end_) return {Segment::kOwned, end_};
    return {Segment::kStop, UINT64_MAX};
  }

 private:
  std::uint64_t begin_, end_;
};

// Inflated stream: lines before data_start are skipped; after it, the line starting at offset s
// belongs to rank ((s - data_start) / block) % P.
class BlockSource : public LineSource {
 public:
  BlockSource(std::unique_ptr<ByteStream> s, std::uint64_t data_start, int rank, int num_ranks,
              std::uint64_t block, std::size_t buffer_bytes)
      : LineSource(std::move(s), 0, true, buffer_bytes),
        data_start_(data_start),
        rank_(rank),
        num_ranks_(num_ranks),
        block_(block) {}

 protected:
  Segment segment(std::uint64_t start) const override {
    if (start < data_start_) return {Segment::kSkip, data_start_};
    const std::uint64_t b = (start - data_start_) / block_;
    const auto kind = static_cast<int>(b % static_cast<std::uint64_t>(num_ranks_)) == rank_
                          ? Segment::kOwned
                          : Segment::kSkip;
    return {kind, data_start_ + (b + 1) * block_};
  }

 private:
  std::uint64_t data_start_;
  int rank_, num_ranks_;
  std::uint64_t block_;
};

}  // namespace

LineSource::LineSource(std::unique_ptr<ByteStream> stream, std::uint64_t start, bool absolute,
                       std::size_t buffer_bytes)
    : stream_(std::move(stream)),
      buf_(std::max<std::size_t>(buffer_bytes, 16)),
      buf_offset_(start),
      absolute_(absolute) {}

// Reads more bytes behind the unconsumed ones (moving them to the front, growing the buffer when
// one line fills it). Returns false at the end of the stream.
bool LineSource::refill() {
  if (lo_ > 0) {
    std::memmove(buf_.data(), buf_.data() + lo_, hi_ - lo_);
    buf_offset_ += lo_;
    hi_ -= lo_;
    lo_ = 0;
  }
  if (hi_ == buf_.size()) {
    if (buf_.size() >= kMaxLineBytes) throw InputError("line longer than 1 GiB");
    buf_.resize(buf_.size() * 2);
  }
  const std::size_t n = stream_->read(buf_.data() + hi_, buf_.size() - hi_);
  hi_ += n;
  eof_ = n == 0;
  return !eof_;
}

// End (buffer index) of the longest run of whole lines from lo_ that stays in `seg`: up to the
// first '\n' at or after stream offset seg.end - 1, or the last '\n' in the buffer if seg.end lies
// beyond it. 0 when no whole line is buffered yet.
std::size_t LineSource::find_cut(const Segment& seg) const {
  const char* base = buf_.data();
  const std::uint64_t last = seg.end == UINT64_MAX ? UINT64_MAX : seg.end - 1;
  if (last - buf_offset_ < hi_) {
    const std::size_t from = static_cast<std::size_t>(last - buf_offset_);
    const void* p = std::memchr(base + from, '\n', hi_ - from);
    if (p) return static_cast<std::size_t>(static_cast<const char*>(p) - base) + 1;
  }
  for (std::size_t i = hi_; i > lo_; --i) {
    if (base[i - 1] == '\n') return i;
  }
  return 0;
}

bool LineSource::next(TextChunk& chunk) {
  for (;;) {
    if (lo_ == hi_ && (eof_ || !refill())) return false;
    const Segment seg = segment(buf_offset_ + lo_);
    if (seg.kind == Segment::kStop) return false;
    std::size_t cut = find_cut(seg);
    if (cut == 0) {
      if (refill()) continue;
      cut = hi_;  // the last line of the input, without '\n'
    }
    const std::string_view text(buf_.data() + lo_, cut - lo_);
    std::uint64_t lines = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
    if (text.back() != '\n') ++lines;
    chunk = {text, absolute_ ? all_lines_ : owned_lines_, buf_offset_ + lo_};
    all_lines_ += lines;
    lo_ = cut;
    if (seg.kind == Segment::kOwned) {
      owned_lines_ += lines;
      return true;
    }
  }
}

bool is_gzip(const std::string& path) {
  if (path.size() >= 3 && path.compare(path.size() - 3, 3, ".gz") == 0) return true;
  FileStream f(path, 0);
  unsigned char magic[2] = {0, 0};
  std::size_t got = 0;
  while (got < 2) {
    const std::size_t n = f.read(reinterpret_cast<char*>(magic) + got, 2 - got);
    if (n == 0) break;
    got += n;
  }
  return got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

std::uint64_t file_size(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) throw InputError(path + ": no such file");
    throw SystemError(path + ": cannot stat: " + std::strerror(errno));
  }
  return static_cast<std::uint64_t>(st.st_size);
}

std::unique_ptr<LineSource> open_lines(const std::string& path, std::uint64_t data_start, int rank,
                                       int num_ranks, const ReadTuning& tuning) {
  if (is_gzip(path)) {
    return std::make_unique<BlockSource>(
        std::make_unique<GzipStream>(path), data_start, rank, num_ranks,
        std::max<std::uint64_t>(1, tuning.gzip_block_bytes), tuning.buffer_bytes);
  }
  const std::uint64_t size = std::max(file_size(path), data_start);
  const std::uint64_t span = size - data_start;
  const auto share = [&](int r) {
    return data_start +
           static_cast<std::uint64_t>(static_cast<unsigned __int128>(span) *
                                      static_cast<unsigned>(r) / static_cast<unsigned>(num_ranks));
  };
  const std::uint64_t begin = share(rank), end = share(rank + 1);
  const std::uint64_t read_from = begin > data_start ? begin - 1 : begin;
  return std::make_unique<RangeSource>(std::make_unique<FileStream>(path, read_from), read_from,
                                       begin, end, tuning.buffer_bytes);
}

std::unique_ptr<LineSource> open_all_lines(const std::string& path, const ReadTuning& tuning) {
  return open_lines(path, 0, 0, 1, tuning);
}

}  // namespace nexus::io::text
