// Graph files, format v1, reading side: header validation on rank 0 in the input sandbox
// (broadcast so that every rank fails alike), parallel slab reads with id/weight validation
// agreed across ranks, and vertex id/name reads (the writer is graph_file_write.cpp). Root
// attribute types: nexus_format, graph_fingerprint, source are UTF-8 variable-length strings;
// format_version int64; num_vertices, num_edges uint64; directed, weighted uint8 0/1 (readers
// accept any integer type, and h5py's boolean enum). Datasets are chunked (8 MiB chunks),
// uncompressed.
#include "io/graph_file.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <utility>

#include "engine/error.hpp"
#include "engine/log.hpp"
#include "io/hdf5_util.hpp"
#include "io/input_sandbox.hpp"
#include "io/schema.hpp"

namespace nexus::io {
namespace {

namespace s = schema;

// A read from a file whose header was valid: an HDF5 failure here means the data is broken.
void read_input_rows(hid_t dset, hid_t type, void* buf, hsize_t first, hsize_t rows, hid_t dxpl,
                     const std::string& what) {
  try {
    h5::read_rows(dset, type, buf, first, rows, dxpl, what);
  } catch (const SystemError& e) {
    throw InputError(std::string(e.what()) + " (corrupt file?)");
  }
}

struct Range {
  std::uint64_t begin = 0, end = 0;
};

Range slab_range(std::uint64_t m, int r, int p) {
  using U = unsigned __int128;
  return {static_cast<std::uint64_t>(U(m) * U(r) / U(p)),
          static_cast<std::uint64_t>(U(m) * U(r + 1) / U(p))};
}

void expect_rows(hid_t dset, std::uint64_t rows, const char* count, const std::string& path,
                 const char* name) {
  const std::uint64_t n = h5::shape(dset).at(0);
  if (n != rows)
    throw InputError(path + ": dataset " + name + " has " + std::to_string(n) + " rows but " +
                     count + " is " + std::to_string(rows));
}

void validate_edges(hid_t f, const GraphHeader& h) {
  for (const char* name : {s::kEdgeSrc, s::kEdgeDst}) {
    h5::Id d = h5::open_dataset(f, name, h.path);
    h5::expect_type(d.get(), 1, H5T_INTEGER, false, 8, "uint64", h.path, name);
    expect_rows(d.get(), h.num_edges, s::kAttrNumEdges, h.path, name);
  }
  const bool has_weight = h5::exists(f, s::kEdgeWeight);
  if (h.weighted && !has_weight)
    throw InputError(h.path + ": weighted is 1 but dataset " + s::kEdgeWeight + " is missing");
  if (!h.weighted && has_weight)
    throw InputError(h.path + ": dataset " + s::kEdgeWeight + " present but weighted is 0");
  if (!has_weight) return;
  h5::Id d = h5::open_dataset(f, s::kEdgeWeight, h.path);
  h5::expect_type(d.get(), 1, H5T_FLOAT, false, 0, "float32", h.path, s::kEdgeWeight);
  expect_rows(d.get(), h.num_edges, s::kAttrNumEdges, h.path, s::kEdgeWeight);
}

VertexIdKind validate_ids(hid_t f, const GraphHeader& h) {
  const bool ids = h5::exists(f, s::kVertexId), names = h5::exists(f, s::kVertexName);
  if (ids && names)
    throw InputError(h.path + ": both " + s::kVertexId + " and " + s::kVertexName + " present");
  if (!ids && !names) return VertexIdKind::kNone;
  const char* name = ids ? s::kVertexId : s::kVertexName;
  h5::Id d = h5::open_dataset(f, name, h.path);
  if (ids) h5::expect_type(d.get(), 1, H5T_INTEGER, true, 8, "int64", h.path, name);
  if (names) h5::expect_type(d.get(), 1, H5T_STRING, false, 0, "string", h.path, name);
  expect_rows(d.get(), h.num_vertices, s::kAttrNumVertices, h.path, name);
  return ids ? VertexIdKind::kInteger : VertexIdKind::kName;
}

GraphHeader validate_header(const std::string& path) {
  h5::Id file = h5::open_serial(path);
  const hid_t f = file.get();
  if (!h5::has_attr(f, s::kAttrFormat))
    throw InputError(path + ": not a Nexus graph file (no " + s::kAttrFormat + " attribute)");
  const std::string format = h5::read_string_attr(f, s::kAttrFormat, path);
  if (format != s::kFormatGraph)
    throw InputError(path + ": " + s::kAttrFormat + " is \"" + format + "\", expected \"" +
                     s::kFormatGraph + "\"");
  GraphHeader h;
  h.path = path;
  const std::int64_t version = h5::read_int_attr(f, s::kAttrFormatVersion, path);
  if (version != s::kGraphFormatVersion)
    throw InputError(path + ": unsupported format_version " + std::to_string(version) +
                     " (this nexus reads " + std::to_string(s::kGraphFormatVersion) + ")");
  h.format_version = static_cast<int>(version);
  h.num_vertices = h5::read_uint_attr(f, s::kAttrNumVertices, path);
  h.num_edges = h5::read_uint_attr(f, s::kAttrNumEdges, path);
  if (h.num_vertices > static_cast<std::uint64_t>(INT64_MAX))  // node ids are int64 everywhere
    throw InputError(path + ": num_vertices " + std::to_string(h.num_vertices) +
                     " is larger than 2^63 - 1");
  h.directed = h5::read_int_attr(f, s::kAttrDirected, path) != 0;
  h.weighted = h5::read_int_attr(f, s::kAttrWeighted, path) != 0;
  if (h5::has_attr(f, s::kAttrFingerprint))  // optional: files made by other tools may lack it
    h.fingerprint = h5::read_string_attr(f, s::kAttrFingerprint, path);
  validate_edges(f, h);
  h.ids = validate_ids(f, h);
  return h;
}

// The header's fixed-size fields, as broadcast from rank 0.
struct HeaderWire {
  std::int64_t version = 0;
  std::uint64_t num_vertices = 0, num_edges = 0;
  std::uint8_t directed = 0, weighted = 0, ids = 0;
};

// The header a wire copy describes (the fingerprint travels separately).
GraphHeader from_wire(const std::string& path, const HeaderWire& w, std::string fingerprint) {
  GraphHeader h;
  h.path = path;
  h.format_version = static_cast<int>(w.version);
  h.num_vertices = w.num_vertices;
  h.num_edges = w.num_edges;
  h.directed = w.directed != 0;
  h.weighted = w.weighted != 0;
  h.ids = static_cast<VertexIdKind>(w.ids);
  h.fingerprint = std::move(fingerprint);
  return h;
}

// validate_header in the input sandbox, with the rest of the file's metadata probed there too; the
// header comes back as its wire bytes followed by the fingerprint.
GraphHeader sandboxed_header(const std::string& path) {
  if (!input_sandbox_enabled()) return validate_header(path);
  const std::string got = run_in_input_sandbox(path, [&] {
    const GraphHeader h = validate_header(path);
    {
      h5::Id file = h5::open_serial(path);
      h5::probe_file(file.get(), path);
    }
    const HeaderWire w{h.format_version, h.num_vertices, h.num_edges,
                       h.directed,       h.weighted,     static_cast<std::uint8_t>(h.ids)};
    return std::string(reinterpret_cast<const char*>(&w), sizeof w) + h.fingerprint;
  });
  if (got.size() < sizeof(HeaderWire)) throw SystemError(path + ": input sandbox: short answer");
  HeaderWire w;
  std::memcpy(&w, got.data(), sizeof w);
  return from_wire(path, w, got.substr(sizeof w));
}

std::string find_invalid(const engine::EdgeSlab& e, std::uint64_t first, const GraphHeader& h) {
  auto bad_id = [&](const char* name, std::size_t i, std::uint64_t v) {
    return h.path + ": dataset " + name + " row " + std::to_string(first + i) + " has vertex id " +
           std::to_string(v) + ", not below num_vertices " + std::to_string(h.num_vertices);
  };
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e.src[i] >= h.num_vertices) return bad_id(s::kEdgeSrc, i, e.src[i]);
    if (e.dst[i] >= h.num_vertices) return bad_id(s::kEdgeDst, i, e.dst[i]);
  }
  for (std::size_t i = 0; i < e.weight.size(); ++i) {
    if (std::isfinite(e.weight[i])) continue;
    char value[32];
    std::snprintf(value, sizeof value, "%g", static_cast<double>(e.weight[i]));
    return h.path + ": dataset " + s::kEdgeWeight + " row " + std::to_string(first + i) +
           " has non-finite weight " + value;
  }
  return {};
}

// Every rank must pass a range inside [0, num_vertices); agreed so that nobody enters the read.
void check_vertex_range(const GraphHeader& h, const engine::Comm& comm, std::uint64_t begin,
                        std::uint64_t end) {
  std::exception_ptr err;
  if (begin > end || end > h.num_vertices)
    err = std::make_exception_ptr(UsageError(h.path + ": vertex range [" + std::to_string(begin) +
                                             ", " + std::to_string(end) + ") outside [0, " +
                                             std::to_string(h.num_vertices) + ")"));
  h5::agree(comm, err, h.path + ": another rank asked for an invalid vertex range");
}

}  // namespace

GraphHeader read_graph_header(const std::string& path, const engine::Comm& comm) {
  h5::quiet();
  GraphHeader h;
  std::string error;
  int kind = 0;  // 0 ok, 1 input error, 2 system error
  if (comm.rank() == 0) {
    try {
      const auto t0 = std::chrono::steady_clock::now();
      h = sandboxed_header(path);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;
      engine::debug(comm, path + ": header read and metadata probed in " +
                              std::to_string(took.count()) + " s" +
                              (input_sandbox_enabled() ? " (input sandbox)" : ""));
    } catch (const InputError& e) {
      error = e.what(), kind = 1;
    } catch (const SystemError& e) {  // the file opened: failing metadata reads mean corruption
      error = std::string(e.what()) + " (corrupt file?)", kind = 1;
    } catch (const std::exception& e) {
      error = path + ": " + e.what(), kind = 2;
    }
  }
  kind = comm.broadcast(kind, 0);
  if (kind != 0) {
    error = h5::broadcast_string(comm, error, 0);
    if (kind == 1) throw InputError(error);
    throw SystemError(error);
  }
  HeaderWire w{h.format_version, h.num_vertices, h.num_edges,
               h.directed,       h.weighted,     static_cast<std::uint8_t>(h.ids)};
  w = comm.broadcast(w, 0);
  return from_wire(path, w, h5::broadcast_string(comm, h.fingerprint, 0));
}

engine::EdgeSlab read_edge_slab(const GraphHeader& header, const engine::Comm& comm,
                                bool with_weights) {
  h5::quiet();
  engine::EdgeSlab e;
  e.num_vertices = header.num_vertices;
  e.num_edges = header.num_edges;
  e.directed = header.directed;
  e.weighted = header.weighted && with_weights;  // weights are present iff weighted
  const Range r = slab_range(header.num_edges, comm.rank(), comm.size());
  const hsize_t rows = r.end - r.begin;
  e.src.resize(rows);
  e.dst.resize(rows);
  if (e.weighted) e.weight.resize(rows);
  {
    h5::Id file = h5::open_parallel(header.path, comm);
    h5::Id dxpl = h5::collective_transfer();
    auto read = [&](const char* name, hid_t type, void* buf) {
      h5::Id d = h5::open_dataset(file.get(), name, header.path);
      read_input_rows(d.get(), type, buf, r.begin, rows, dxpl.get(),
                      header.path + ": reading " + name);
    };
    read(s::kEdgeSrc, H5T_NATIVE_UINT64, e.src.data());
    read(s::kEdgeDst, H5T_NATIVE_UINT64, e.dst.data());
    if (e.weighted) read(s::kEdgeWeight, H5T_NATIVE_FLOAT, e.weight.data());
    file.close(header.path + ": closing");
  }
  const std::string problem = find_invalid(e, r.begin, header);
  h5::agree(comm, problem.empty() ? nullptr : std::make_exception_ptr(InputError(problem)),
            "another rank found invalid data in " + header.path);
  return e;
}

std::vector<std::int64_t> read_vertex_ids(const GraphHeader& header, const engine::Comm& comm,
                                          std::uint64_t begin, std::uint64_t end) {
  h5::quiet();
  check_vertex_range(header, comm, begin, end);
  if (header.ids == VertexIdKind::kName)
    throw InputError(header.path + ": vertices are named by strings (" + s::kVertexName +
                     "), not integer ids");
  std::vector<std::int64_t> ids(end - begin);
  if (header.ids == VertexIdKind::kNone) {
    std::iota(ids.begin(), ids.end(), static_cast<std::int64_t>(begin));
    return ids;
  }
  h5::Id file = h5::open_parallel(header.path, comm);
  h5::Id dxpl = h5::collective_transfer();
  h5::Id d = h5::open_dataset(file.get(), s::kVertexId, header.path);
  read_input_rows(d.get(), H5T_NATIVE_INT64, ids.data(), begin, end - begin, dxpl.get(),
                  header.path + ": reading " + s::kVertexId);
  d.reset();
  file.close(header.path + ": closing");
  return ids;
}

std::vector<std::string> read_vertex_names(const GraphHeader& header, const engine::Comm& comm,
                                           std::uint64_t begin, std::uint64_t end) {
  h5::quiet();
  check_vertex_range(header, comm, begin, end);
  if (header.ids != VertexIdKind::kName)
    throw InputError(header.path + ": has no " + s::kVertexName + " dataset");
  const std::string what = header.path + ": reading " + s::kVertexName;
  h5::Id file = h5::open_parallel(header.path, comm);
  h5::Id d = h5::open_dataset(file.get(), s::kVertexName, header.path);
  h5::Id type(h5::check(H5Dget_type(d.get()), what));
  const hsize_t rows = end - begin;
  std::vector<std::string> names(rows);
  if (H5Tis_variable_str(type.get()) > 0) {  // h5py's default; read independently
    std::vector<char*> ptrs(rows, nullptr);
    read_input_rows(d.get(), type.get(), ptrs.data(), begin, rows, H5P_DEFAULT, what);
    for (hsize_t i = 0; i < rows; ++i) {
      names[i] = ptrs[i] ? ptrs[i] : "";
      H5free_memory(ptrs[i]);
    }
  } else {
    const std::size_t len = H5Tget_size(type.get());
    std::vector<char> buf(rows * len);
    h5::Id dxpl = h5::collective_transfer();
    read_input_rows(d.get(), type.get(), buf.data(), begin, rows, dxpl.get(), what);
    for (hsize_t i = 0; i < rows; ++i) {
      const char* p = buf.data() + i * len;
      names[i].assign(p, std::find(p, p + len, '\0'));
    }
  }
  d.reset();
  file.close(header.path + ": closing");
  return names;
}

}  // namespace nexus::io
