// write_graph_file: the collective writer of graph files (format v1; attribute types are listed
// in graph_file.cpp). The fingerprint is order- and partition-independent: the wrapping sum over
// edges of mix(mix(mix(u) ^ v) ^ w), with mix = splitmix64, (u, v) = (src, dst) ((min, max) when
// undirected) and w = the float32 weight's bits (0 when unweighted), then
// fp = mix(mix(mix(mix(sum) ^ num_vertices) ^ num_edges) ^ (directed | weighted << 1)), 16 hex.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "engine/error.hpp"
#include "io/graph_file.hpp"
#include "io/hdf5_util.hpp"
#include "io/schema.hpp"

namespace nexus::io {
namespace {

namespace s = schema;
constexpr std::uint64_t kChunkBytes = 8u << 20;  // 1M uint64 per chunk

std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::string fingerprint(const engine::EdgeSlab& e, const GraphWriteInfo& info,
                        const engine::Comm& comm) {
  std::uint64_t local = 0;
  for (std::size_t i = 0; i < e.size(); ++i) {
    std::uint64_t u = e.src[i], v = e.dst[i];
    if (!info.directed && u > v) std::swap(u, v);
    const std::uint64_t w = info.weighted ? std::bit_cast<std::uint32_t>(e.weight[i]) : 0;
    local += mix(mix(mix(u) ^ v) ^ w);
  }
  const std::uint64_t total = comm.sum(local);  // unsigned: wraps mod 2^64
  const std::uint64_t m = comm.sum<std::uint64_t>(e.size());
  const std::uint64_t flags = (info.directed ? 1u : 0u) | (info.weighted ? 2u : 0u);
  const std::uint64_t fp = mix(mix(mix(mix(total) ^ info.num_vertices) ^ m) ^ flags);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fp));
  return hex;
}

// Local checks of one rank's contribution; the first problem found, or empty.
std::string local_problem(const std::string& path, const engine::EdgeSlab& e,
                          const VertexIdBlock& ids, const GraphWriteInfo& info) {
  const std::string p = "write_graph_file " + path + ": ";
  if (e.dst.size() != e.src.size()) return p + "src and dst differ in length";
  if (info.weighted && e.weight.size() != e.src.size()) return p + "weights missing";
  for (std::size_t i = 0; i < e.size(); ++i) {
    const std::uint64_t bad = std::max(e.src[i], e.dst[i]);
    if (bad >= info.num_vertices)
      return p + "edge " + std::to_string(i) + " has vertex id " + std::to_string(bad) +
             ", not below num_vertices " + std::to_string(info.num_vertices);
    if (info.weighted && !std::isfinite(e.weight[i]))
      return p + "edge " + std::to_string(i) + " has a non-finite weight";
  }
  const bool want_ids = info.ids == VertexIdKind::kInteger;
  const bool want_names = info.ids == VertexIdKind::kName;
  if ((!want_ids && !ids.ids.empty()) || (!want_names && !ids.names.empty()))
    return p + "vertex id block does not match the declared id kind";
  return {};
}

// Validates every rank's input; all ranks throw if any rank's is bad.
void check_input(const std::string& path, const engine::Comm& comm, const engine::EdgeSlab& e,
                 const VertexIdBlock& ids, const GraphWriteInfo& info) {
  std::string problem = local_problem(path, e, ids, info);
  const std::uint64_t count = ids.ids.size() + ids.names.size();
  const auto firsts = comm.allgather<std::uint64_t>(ids.first);
  const auto counts = comm.allgather<std::uint64_t>(count);
  if (problem.empty() && info.ids != VertexIdKind::kNone) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> blocks;
    for (std::size_t r = 0; r < firsts.size(); ++r)
      if (counts[r] > 0) blocks.emplace_back(firsts[r], counts[r]);
    std::sort(blocks.begin(), blocks.end());
    std::uint64_t next = 0;
    for (const auto& [first, n] : blocks) next = first == next ? next + n : ~0ull;
    if (next != info.num_vertices)
      problem = "write_graph_file " + path + ": the ranks' vertex id blocks do not tile [0, " +
                std::to_string(info.num_vertices) + ")";
  }
  h5::agree(comm, problem.empty() ? nullptr : std::make_exception_ptr(UsageError(problem)),
            "write_graph_file " + path + ": another rank passed invalid input");
}

void write_column(hid_t file, const char* name, hid_t file_type, hid_t mem_type, const void* data,
                  std::uint64_t total, std::uint64_t first, std::uint64_t rows, hid_t dxpl,
                  const std::string& path) {
  const std::size_t row_bytes = H5Tget_size(file_type);
  const std::uint64_t chunk = std::max<std::uint64_t>(1, kChunkBytes / row_bytes);
  h5::Id d = h5::create_dataset(file, name, file_type, total, 0, chunk, false, path);
  h5::write_rows(d.get(), mem_type, data, first, rows, dxpl, path + ": writing " + name);
}

void write_names(hid_t file, const engine::Comm& comm, const VertexIdBlock& ids, std::uint64_t n,
                 hid_t dxpl, const std::string& path) {
  std::size_t longest = 1;
  for (const auto& name : ids.names) longest = std::max(longest, name.size());
  longest = comm.max(longest);
  std::vector<char> buf(ids.names.size() * longest, '\0');
  for (std::size_t i = 0; i < ids.names.size(); ++i)
    std::copy(ids.names[i].begin(), ids.names[i].end(), buf.begin() + i * longest);
  h5::Id type = h5::fixed_string_type(longest);
  write_column(file, s::kVertexName, type.get(), type.get(), buf.data(), n, ids.first,
               ids.names.size(), dxpl, path);
}

void write_root_attrs(hid_t f, const GraphWriteInfo& info, std::uint64_t m, const std::string& fp) {
  h5::write_attr(f, s::kAttrFormat, std::string(s::kFormatGraph));
  h5::write_attr(f, s::kAttrFormatVersion, std::int64_t{s::kGraphFormatVersion});
  h5::write_attr(f, s::kAttrNumVertices, info.num_vertices);
  h5::write_attr(f, s::kAttrNumEdges, m);
  h5::write_attr(f, s::kAttrDirected, std::uint8_t{info.directed});
  h5::write_attr(f, s::kAttrWeighted, std::uint8_t{info.weighted});
  h5::write_attr(f, s::kAttrFingerprint, fp);
  h5::write_attr(f, s::kAttrSource, info.source);
}

void write_contents(const std::string& partial, const engine::Comm& comm, const engine::EdgeSlab& e,
                    const VertexIdBlock& ids, const GraphWriteInfo& info, const std::string& fp) {
  const std::uint64_t m = comm.sum<std::uint64_t>(e.size());
  const std::uint64_t first = comm.exclusive_prefix_sum<std::uint64_t>(e.size());
  h5::Id file = h5::create_parallel(partial, comm);
  h5::Id dxpl = h5::collective_transfer();
  const hid_t f = file.get(), x = dxpl.get();
  write_column(f, s::kEdgeSrc, H5T_STD_U64LE, H5T_NATIVE_UINT64, e.src.data(), m, first, e.size(),
               x, partial);
  write_column(f, s::kEdgeDst, H5T_STD_U64LE, H5T_NATIVE_UINT64, e.dst.data(), m, first, e.size(),
               x, partial);
  if (info.weighted)
    write_column(f, s::kEdgeWeight, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, e.weight.data(), m, first,
                 e.size(), x, partial);
  if (info.ids == VertexIdKind::kInteger)
    write_column(f, s::kVertexId, H5T_STD_I64LE, H5T_NATIVE_INT64, ids.ids.data(),
                 info.num_vertices, ids.first, ids.ids.size(), x, partial);
  if (info.ids == VertexIdKind::kName) write_names(f, comm, ids, info.num_vertices, x, partial);
  write_root_attrs(f, info, m, fp);
  dxpl.reset();
  file.close(partial + ": closing");
}

}  // namespace

void write_graph_file(const std::string& path, const engine::Comm& comm,
                      const engine::EdgeSlab& edges, const VertexIdBlock& ids,
                      const GraphWriteInfo& info) {
  h5::quiet();
  check_input(path, comm, edges, ids, info);
  const std::string fp = fingerprint(edges, info, comm);
  const std::string partial = path + ".partial";
  try {
    std::exception_ptr err;
    try {
      write_contents(partial, comm, edges, ids, info, fp);
    } catch (...) {
      err = std::current_exception();
    }
    h5::agree(comm, err, "another rank failed writing " + partial);
    h5::rename_on_root(comm, partial, path);
  } catch (...) {
    std::error_code ec;
    if (comm.rank() == 0) std::filesystem::remove(partial, ec);
    throw;
  }
}

}  // namespace nexus::io
