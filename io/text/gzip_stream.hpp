// GzipStream: streaming inflation of a gzip file with zlib (concatenated members are read as one
// stream). A truncated or corrupt stream throws InputError("<file>: truncated or corrupt gzip
// stream ..."). Memory is two fixed buffers whatever the file size.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/text/line_source.hpp"

namespace nexus::io::text {

class GzipStream : public ByteStream {
 public:
  explicit GzipStream(const std::string& path);
  ~GzipStream() override;
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  std::size_t read(char* dst, std::size_t max) override;

 private:
  struct Impl;
  bool fill_input();
  [[noreturn]] void fail(const std::string& why) const;

  std::string path_;
  std::unique_ptr<ByteStream> file_;
  std::unique_ptr<Impl> impl_;
  std::vector<unsigned char> in_;
  bool in_eof_ = false;
  bool done_ = false;
};

}  // namespace nexus::io::text
