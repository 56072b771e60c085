// GzipStream: zlib inflate (gzip wrapper, windowBits 15+16) over a file read in 1 MiB blocks.
#include "io/text/gzip_stream.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdio>

#include "engine/error.hpp"

namespace nexus::io::text {
namespace {

constexpr std::size_t kInputBytes = std::size_t{1} << 20;

// Sequential reads of a plain file (the compressed bytes).
class RawFile : public ByteStream {
 public:
  explicit RawFile(const std::string& path) : f_(std::fopen(path.c_str(), "rb")) {
    if (!f_) throw InputError(path + ": no such file");
  }
  ~RawFile() override { std::fclose(f_); }
  std::size_t read(char* dst, std::size_t max) override { return std::fread(dst, 1, max, f_); }

 private:
  std::FILE* f_;
};

}  // namespace

struct GzipStream::Impl {
  z_stream z{};
};

GzipStream::GzipStream(const std::string& path)
    : path_(path),
      file_(std::make_unique<RawFile>(path)),
      impl_(std::make_unique<Impl>()),
      in_(kInputBytes) {
  if (inflateInit2(&impl_->z, 15 + 16) != Z_OK) throw SystemError(path + ": inflateInit2 failed");
}

GzipStream::~GzipStream() {
  inflateEnd(&impl_->z);
}

void GzipStream::fail(const std::string& why) const {
  throw InputError(path_ + ": truncated or corrupt gzip stream (" + why + ")");
}

bool GzipStream::fill_input() {
  if (in_eof_) return false;
  const std::size_t n = file_->read(reinterpret_cast<char*>(in_.data()), in_.size());
  if (n == 0) {
    in_eof_ = true;
    return false;
  }
  impl_->z.next_in = in_.data();
  impl_->z.avail_in = static_cast<uInt>(n);
  return true;
}

// Inflates up to `max` bytes; at the end of a member, continues with the next member if more input
// follows. Ends cleanly only at the end of a member.
std::size_t GzipStream::read(char* dst, std::size_t max) {
  z_stream& z = impl_->z;
  std::size_t produced = 0;
  while (produced == 0 && !done_) {
    if (z.avail_in == 0 && !fill_input()) fail("unexpected end of file");
    z.next_out = reinterpret_cast<Bytef*>(dst);
    z.avail_out = static_cast<uInt>(std::min<std::size_t>(max, UINT32_MAX));
    const int rc = inflate(&z, Z_NO_FLUSH);
    produced = static_cast<std::size_t>(reinterpret_cast<char*>(z.next_out) - dst);
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0 && !fill_input()) {
        done_ = true;
      } else if (inflateReset(&z) != Z_OK) {
        fail("cannot reset for the next member");
      }
    } else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR) {
      fail(z.msg ? z.msg : "data error");
    } else if (rc == Z_MEM_ERROR) {
      throw SystemError(path_ + ": out of memory inflating");
    }
  }
  return produced;
}

}  // namespace nexus::io::text
