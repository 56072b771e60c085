// FeatureWriter: feature files (format v1) written collectively to path + ".partial" and renamed
// on commit(). Datasets are chunked (at most 64K rows and 4 MiB per chunk, at least one row); 1-D
// ones with shuffle + deflate, so every H5Dwrite is collective, including from ranks with no rows;
// 2-D float32 matrices (embeddings) uncompressed, since their random mantissas barely compress
// (by 15-18%) and deflate cost as much time as the whole embedding at scale. Root
// attributes: nexus_format, graph_fingerprint, config_json, nexus_version, created (strings);
// format_version, ranks, threads (int64); num_vertices (uint64).
#include "io/feature_file.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>

#include "engine/error.hpp"
#include "io/feature_append.hpp"
#include "io/hdf5_util.hpp"
#include "io/partial_file.hpp"
#include "io/schema.hpp"

namespace nexus::io {
namespace {

namespace s = schema;
constexpr std::uint64_t kMaxChunkRows = 64 * 1024;
constexpr std::uint64_t kMaxChunkBytes = 4u << 20;

std::uint64_t chunk_rows(std::uint64_t n, std::size_t row_bytes) {
  const std::uint64_t by_bytes = kMaxChunkBytes / std::max<std::size_t>(row_bytes, 1);
  return std::max<std::uint64_t>(1, std::min({n, kMaxChunkRows, by_bytes}));
}

void write_attrs(hid_t obj, const Attributes& attrs) {
  for (const auto& [name, value] : attrs)
    std::visit([&, &key = name](const auto& v) { h5::write_attr(obj, key, v); }, value);
}

}  // namespace

struct FeatureWriter::Impl {
  std::string path, partial;
  const engine::Comm& comm;
  std::uint64_t num_vertices = 0, first_row = 0, rows = 0;
  h5::Id file, dxpl;
  bool committed = false;

  // Every rank throws (UsageError) if `problem` is set on any rank.
  void agree(const std::string& problem) const {
    h5::agree(comm, problem.empty() ? nullptr : std::make_exception_ptr(UsageError(problem)),
              partial + ": another rank passed invalid input");
  }

  // Runs a step that may fail on some ranks only (a full disk shows up on the ranks that write
  // the data): every rank throws if any failed, so none is left waiting in the next collective.
  template <class F>
  void guarded(const std::string& what, F&& step) {
    std::exception_ptr err;
    try {
      step();
    } catch (...) {
      err = std::current_exception();
    }
    h5::agree(comm, err, partial + ": another rank failed " + what);
  }

  void write_column(const char* name, hid_t ftype, hid_t mtype, const void* data,
                    std::size_t cols) {
    const std::size_t row_bytes = H5Tget_size(ftype) * std::max<std::size_t>(cols, 1);
    const bool compress = cols == 0;  // see the file comment: matrices are stored raw
    h5::Id d = h5::create_dataset(file.get(), name, ftype, num_vertices, cols,
                                  chunk_rows(num_vertices, row_bytes), compress, partial);
    h5::write_rows(d.get(), mtype, data, first_row, rows, dxpl.get(),
                   partial + ": writing " + name);
  }

  void write_node_names(std::span<const std::string> names) {
    std::size_t longest = 1;
    for (const auto& n : names) longest = std::max(longest, n.size());
    longest = comm.max(longest);
    std::vector<char> buf(names.size() * longest, '\0');
    for (std::size_t i = 0; i < names.size(); ++i)
      std::copy(names[i].begin(), names[i].end(), buf.begin() + i * longest);
    guarded("writing node names", [&] {
      h5::Id type = h5::fixed_string_type(longest);
      write_column(s::kNodeName, type.get(), type.get(), buf.data(), 0);
    });
  }

  void write_root_attrs(const FeatureFileInfo& info, const std::string& created) {
    const hid_t f = file.get();
    h5::write_attr(f, s::kAttrFormat, std::string(s::kFormatFeatures));
    h5::write_attr(f, s::kAttrFormatVersion, std::int64_t{s::kFeatureFormatVersion});
    h5::write_attr(f, s::kAttrFormatMinor, std::int64_t{s::kFeatureFormatMinor});
    h5::write_attr(f, s::kAttrNumVertices, info.num_vertices);
    h5::write_attr(f, s::kAttrFingerprint, info.graph_fingerprint);
    h5::write_attr(f, s::kAttrConfig, info.config_json);
    h5::write_attr(f, s::kAttrNexusVersion, std::string(NEXUS_VERSION));
    h5::write_attr(f, s::kAttrRanks, std::int64_t{info.ranks});
    h5::write_attr(f, s::kAttrThreads, std::int64_t{info.threads});
    h5::write_attr(f, s::kAttrCreated, created);
  }

  void open(const FeatureFileInfo& info, std::span<const std::int64_t> ids,
            std::span<const std::string> names, WriteMode mode) {
    const bool named = comm.any(!names.empty());  // a rank without rows has no names either
    rows = named ? names.size() : ids.size();
    std::string problem;
    if (named && !ids.empty() && ids.size() != names.size())
      problem = partial + ": node_ids and node_names differ in length";
    const std::uint64_t before = comm.exclusive_prefix_sum(rows), total = comm.sum(rows);
    if (before != first_row || total != num_vertices)
      problem = partial + ": the ranks' rows do not tile [0, num_vertices) in rank order";
    agree(problem);
    if (mode == WriteMode::kAppend) {
      file = open_append_copy(path, partial, comm, info, h5::created_timestamp(comm));
      dxpl = h5::collective_transfer();
      return;
    }
    file = h5::create_parallel(partial, comm);
    dxpl = h5::collective_transfer();
    std::vector<std::int64_t> index;
    if (named) {
      index.resize(rows);
      for (std::uint64_t i = 0; i < rows; ++i) index[i] = static_cast<std::int64_t>(first_row + i);
    }
    guarded("writing node ids", [&] {
      write_column(s::kNodeId, H5T_STD_I64LE, H5T_NATIVE_INT64, named ? index.data() : ids.data(),
                   0);
    });
    if (named) write_node_names(names);
    // Identical on every rank: parallel attribute writes must carry the same value everywhere.
    const std::string created = h5::created_timestamp(comm);
    guarded("writing the root attributes", [&] {
      h5::Id group(
          h5::check(H5Gcreate2(file.get(), s::kFeatureGroup, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                    partial + ": creating " + s::kFeatureGroup));
      write_root_attrs(info, created);
    });
  }

  void write_feature(const std::string& name, hid_t ftype, hid_t mtype, const void* data,
                     std::size_t count, std::size_t cols, const Attributes& attrs) {
    const std::string full = std::string(s::kFeatureGroup) + "/" + name;
    std::string problem;
    const auto hash = static_cast<std::int64_t>(std::hash<std::string>{}(name) >> 1);
    const bool same_name = comm.min(hash) == comm.max(hash);  // on every rank, unconditionally
    if (committed || file.get() < 0)
      problem = partial + ": write after commit";
    else if (name.empty() || name.find('/') != std::string::npos)
      problem = partial + ": invalid feature name \"" + name + "\"";
    else if (!same_name)
      problem = partial + ": ranks wrote different feature names (this rank: " + name + ")";
    else if (h5::exists(file.get(), full))
      problem = partial + ": feature " + name + " written twice";
    else if (count != rows * std::max<std::size_t>(cols, 1))
      problem = partial + ": feature " + name + " has " + std::to_string(count) +
                " values on this rank, expected " +
                std::to_string(rows * std::max<std::size_t>(cols, 1));
    agree(problem);
    guarded("writing " + full, [&] {
      write_column(full.c_str(), ftype, mtype, data, cols);
      h5::Id d(h5::check(H5Dopen2(file.get(), full.c_str(), H5P_DEFAULT), partial + ": " + full));
      write_attrs(d.get(), attrs);
    });
  }
};

FeatureWriter::FeatureWriter(std::string path, const engine::Comm& comm,
                             const FeatureFileInfo& info, std::uint64_t first_row,
                             std::span<const std::int64_t> node_ids,
                             std::span<const std::string> node_names, WriteMode mode)
    : impl_(nullptr) {
  h5::quiet();
  auto impl = std::unique_ptr<Impl>(
      new Impl{path, path + ".partial", comm, info.num_vertices, first_row, 0, {}, {}, false});
  try {
    impl->open(info, node_ids, node_names, mode);
  } catch (...) {
    impl->dxpl.reset();
    discard_partial(comm, impl->partial, impl->file);
    throw;
  }
  impl_ = impl.release();
}

FeatureWriter::~FeatureWriter() {
  if (!impl_) return;
  if (!impl_->committed) {  // best effort: close (collective) and drop the partial file
    impl_->dxpl.reset();
    discard_partial(impl_->comm, impl_->partial, impl_->file);
  }
  delete impl_;
}

void FeatureWriter::write(const std::string& name, std::span<const double> values,
                          const Attributes& attrs) {
  impl_->write_feature(name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(), values.size(), 0,
                       attrs);
}

void FeatureWriter::write(const std::string& name, std::span<const std::int64_t> values,
                          const Attributes& attrs) {
  impl_->write_feature(name, H5T_STD_I64LE, H5T_NATIVE_INT64, values.data(), values.size(), 0,
                       attrs);
}

void FeatureWriter::write(const std::string& name, std::span<const float> values, std::size_t cols,
                          const Attributes& attrs) {
  const std::size_t lo = impl_->comm.min(cols), hi = impl_->comm.max(cols);
  if (lo == 0 || lo != hi)
    throw UsageError(impl_->partial + ": feature " + name +
                     " needs the same positive column count on every rank");
  impl_->write_feature(name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, values.data(), values.size(), cols,
                       attrs);
}

void FeatureWriter::commit() {
  Impl& im = *impl_;
  if (im.committed) return;
  im.dxpl.reset();
  close_partial(im.comm, im.partial, im.file);
  h5::rename_on_root(im.comm, im.partial, im.path);
  im.committed = true;
}

}  // namespace nexus::io
