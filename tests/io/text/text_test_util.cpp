// Test helpers for the text importers.
#include "tests/io/text/text_test_util.hpp"

#include <zlib.h>

#include <cstdio>
#include <stdexcept>

#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace nexus::test {

std::string write_input(const std::string& dir, const std::string& name,
                        const std::string& content) {
  const std::string path = dir + "/" + name;
  if (world().rank() == 0) {
    if (name.ends_with(".gz")) {
      gzFile f = gzopen(path.c_str(), "wb");
      if (!f) throw std::runtime_error("cannot write " + path);
      if (!content.empty()) gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
      gzclose(f);
    } else {
      std::FILE* f = std::fopen(path.c_str(), "wb");
      if (!f) throw std::runtime_error("cannot write " + path);
      std::fwrite(content.data(), 1, content.size(), f);
      std::fclose(f);
    }
  }
  world().barrier();
  return path;
}

namespace {

std::vector<std::string> gather_names(const std::vector<std::string>& names) {
  std::vector<std::uint64_t> lengths;
  std::vector<char> chars;
  for (const auto& n : names) {
    lengths.push_back(n.size());
    chars.insert(chars.end(), n.begin(), n.end());
  }
  const auto all_lengths = world().allgatherv(lengths);
  const auto all_chars = world().allgatherv(chars);
  std::vector<std::string> out;
  std::size_t at = 0;
  for (auto len : all_lengths) {
    out.emplace_back(all_chars.data() + at, len);
    at += len;
  }
  return out;
}

}  // namespace

Gathered gather(const io::text::ParsedGraph& g) {
  const auto& comm = world();
  Gathered out;
  const auto src = comm.allgatherv(g.slab.src);
  const auto dst = comm.allgatherv(g.slab.dst);
  std::vector<float> w = g.slab.weighted ? g.slab.weight : std::vector<float>(g.slab.size(), 0.f);
  const auto weight = comm.allgatherv(w);
  for (std::size_t e = 0; e < src.size(); ++e) out.edges.emplace_back(src[e], dst[e], weight[e]);
  // Id blocks must be contiguous in rank order starting at 0.
  const auto firsts = comm.allgather<std::uint64_t>(g.ids.first);
  const auto sizes = comm.allgather<std::uint64_t>(g.ids.ids.size() + g.ids.names.size());
  std::uint64_t expect = 0;
  for (int r = 0; r < comm.size(); ++r) {
    EXPECT_EQ(firsts[r], expect) << "id block of rank " << r;
    expect += sizes[r];
  }
  out.ids = comm.allgatherv(g.ids.ids);
  out.names = gather_names(g.ids.names);
  out.num_vertices = g.slab.num_vertices;
  out.num_edges = g.slab.num_edges;
  EXPECT_EQ(out.num_edges, out.edges.size());
  out.directed = g.slab.directed;
  out.weighted = g.slab.weighted;
  out.stats = g.stats;
  return out;
}

Gathered import_gathered(const std::string& path, const io::ImportOptions& options) {
  io::text::ReadTuning tiny;
  tiny.buffer_bytes = 16;
  tiny.gzip_block_bytes = 5;
  Gathered a = gather(io::text::import_to_slab(path, options, world()));
  Gathered b = gather(io::text::import_to_slab(path, options, world(), tiny));
  EXPECT_EQ(a.edges, b.edges) << path;
  EXPECT_EQ(a.ids, b.ids) << path;
  EXPECT_EQ(a.names, b.names) << path;
  EXPECT_EQ(a.stats.lines, b.stats.lines) << path;
  return a;
}

std::vector<WEdge> unweighted(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& e) {
  std::vector<WEdge> out;
  for (auto [s, d] : e) out.emplace_back(s, d, 0.0f);
  return out;
}

}  // namespace nexus::test
