// Bad inputs: every hazard gives the same InputError on every rank, naming the file and (where
// there is one) the true line number, whatever the rank count and buffer sizes.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/error.hpp"
#include "tests/io/text/text_test_util.hpp"
#include "tests/test_support.hpp"

namespace nexus::test {
namespace {

using io::ImportOptions;

// The error message for importing `name` (plain or gzip) holding `text`; checks that the tiny
// buffer configuration reports the very same message.
std::string error_of(const std::string& dir, const std::string& name, const std::string& text,
                     const ImportOptions& o = {}) {
  const std::string path = write_input(dir, name, text);
  io::text::ReadTuning tiny;
  tiny.buffer_bytes = 16;
  tiny.gzip_block_bytes = 5;
  const std::string a = input_error([&] { io::text::import_to_slab(path, o, world()); });
  const std::string b = input_error([&] { io::text::import_to_slab(path, o, world(), tiny); });
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find(path), std::string::npos) << a;
  return a;
}

// 60 good lines with a one-field line at line 41 (after 3 comment lines).
std::string long_text_with_bad_line() {
  std::string t = "# c\n# c\n# c\n";
  for (int line = 4; line <= 60; ++line) t += line == 41 ? "17\n" : std::to_string(line) + " 1\n";
  return t;
}

TEST(TextHazards, MissingFile) {
  const std::string dir = scratch_dir("missing");
  const std::string path = dir + "/nope.txt";
  const std::string msg = input_error([&] { io::text::import_to_slab(path, {}, world()); });
  EXPECT_EQ(msg, path + ": no such file");
  const std::string gz = dir + "/nope.txt.gz";
  EXPECT_EQ(input_error([&] { io::text::import_to_slab(gz, {}, world()); }), gz + ": no such file");
}

TEST(TextHazards, MalformedLineHasTrueLineNumber) {
  const std::string dir = scratch_dir("malformed");
  for (const char* name : {"g.txt", "g.txt.gz"}) {
    const std::string msg = error_of(dir, name, long_text_with_bad_line());
    EXPECT_NE(msg.find(std::string(name) + ":41: expected 2 fields"), std::string::npos) << msg;
  }
  EXPECT_NE(error_of(dir, "t.txt", "0 1\n1 2 3\n").find("t.txt:2: expected 2 fields"),
            std::string::npos);
  EXPECT_NE(error_of(dir, "n.txt", "0 1\n\n1 x\n").find("n.txt:3: id 'x' is not an integer"),
            std::string::npos);
  // The first error in the file wins when there are several.
  EXPECT_NE(error_of(dir, "two.txt", "0 1\n-1 2\n0 1\n7\n").find("two.txt:2: negative id"),
            std::string::npos);
  EXPECT_NE(error_of(dir, "big.txt", "0 1\n1 99999999999999999999\n").find("big.txt:2: id"),
            std::string::npos);
  // A first CSV line with one numeric id is data, not a header.
  EXPECT_NE(error_of(dir, "h.csv", "1,x\n1,2\n").find("h.csv:1: id 'x'"), std::string::npos);
}

TEST(TextHazards, NegativeIdAndZeroInOneBased) {
  const std::string dir = scratch_dir("ids");
  EXPECT_NE(error_of(dir, "neg.txt", "0 1\n1 2\n-3 1\n").find("neg.txt:3: negative id '-3'"),
            std::string::npos);
  ImportOptions o;
  o.one_based = true;
  EXPECT_NE(error_of(dir, "zero.txt", "1 2\n0 1\n", o).find("zero.txt:2: id 0 in a one-based file"),
            std::string::npos);
}

TEST(TextHazards, BadWeights) {
  const std::string dir = scratch_dir("weights");
  ImportOptions o;
  o.weighted = true;
  EXPECT_NE(
      error_of(dir, "nan.txt", "0 1 1\n1 2 nan\n", o).find("nan.txt:2: weight 'nan' is not finite"),
      std::string::npos);
  EXPECT_NE(error_of(dir, "inf.txt", "0 1 inf\n", o).find("inf.txt:1: weight 'inf' is not finite"),
            std::string::npos);
  EXPECT_NE(
      error_of(dir, "g.csv", "a,b,w\n0,1,abc\n", o).find("g.csv:2: weight 'abc' is not a number"),
      std::string::npos);
  EXPECT_NE(error_of(dir, "big.txt", "0 1 1e300\n", o).find("big.txt:1: weight"),
            std::string::npos);
  EXPECT_NE(error_of(dir, "miss.txt", "0 1 2\n0 1\n", o).find("miss.txt:2: expected 3 fields"),
            std::string::npos);
}

TEST(TextHazards, TruncatedAndCorruptGzip) {
  const std::string dir = scratch_dir("gzip");
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += std::to_string(i) + " " + std::to_string(i * 7 % 1000) + "\n";
  const std::string path = write_input(dir, "g.txt.gz", text);
  if (world().rank() == 0) {
    std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    std::filesystem::copy_file(path, dir + "/garbage.txt");  // detected by magic bytes
  }
  world().barrier();
  const std::string msg = input_error([&] { io::text::import_to_slab(path, {}, world()); });
  EXPECT_EQ(msg.rfind(path + ": truncated or corrupt gzip stream", 0), 0u) << msg;
  const std::string other = dir + "/garbage.txt";
  const std::string msg2 = input_error([&] { io::text::import_to_slab(other, {}, world()); });
  EXPECT_EQ(msg2.rfind(other + ": truncated or corrupt gzip stream", 0), 0u) << msg2;
  const std::string empty = write_input(dir, "e.gz", "x");
  if (world().rank() == 0) std::filesystem::resize_file(empty, 0);
  world().barrier();
  EXPECT_EQ(input_error([&] { io::text::import_to_slab(empty, {}, world()); }),
            empty + ": truncated or corrupt gzip stream (unexpected end of file)");
}

TEST(TextHazards, MatrixMarket) {
  const std::string dir = scratch_dir("mtx_bad");
  const std::string head = "%%MatrixMarket matrix coordinate pattern general\n% c\n4 4 4\n";
  for (const char* name : {"short.mtx", "short.mtx.gz"}) {
    EXPECT_NE(error_of(dir, name, head + "1 2\n2 3\n3 4\n").find("truncated Matrix Market file"),
              std::string::npos);
  }
  EXPECT_NE(error_of(dir, "zero.mtx", head + "1 2\n2 3\n0 4\n4 1\n").find("zero.mtx:6: id 0"),
            std::string::npos);
  EXPECT_NE(error_of(dir, "out.mtx", head + "1 2\n2 5\n").find("out.mtx:5: entry (2, 5)"),
            std::string::npos);
  EXPECT_NE(error_of(dir, "banner.mtx", "%%MatrixMarket matrix array real general\n2 2\n")
                .find("banner.mtx:1: only 'matrix coordinate'"),
            std::string::npos);
  EXPECT_NE(error_of(dir, "size.mtx", "%%MatrixMarket matrix coordinate real general\n2 x 1\n")
                .find("size.mtx:2: bad size line"),
            std::string::npos);
}

}  // namespace
}  // namespace nexus::test
