// CheckpointStore: directory handling and the collective, atomic write of one checkpoint
// (reading and validation: checkpoint_read.cpp; shared names: checkpoint_layout.hpp).
#include "io/checkpoint_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "engine/error.hpp"
#include "io/checkpoint_layout.hpp"
#include "io/hdf5_util.hpp"

namespace nexus::io {
namespace fs = std::filesystem;
using namespace checkpoint_layout;

namespace {

// fsync of a directory, so that a rename in it survives a crash (best effort).
void sync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

// One chunked, checksummed dataset of `rows` x `cols` (1-D when cols == 0).
h5::Id create_checked(hid_t file, const std::string& name, hid_t type, hsize_t rows, hsize_t cols,
                      const std::string& path) {
  const std::string what = path + ": creating " + name;
  const int nd = cols == 0 ? 1 : 2;
  const hsize_t row_bytes = H5Tget_size(type) * std::max<hsize_t>(cols, 1);
  const hsize_t chunk_rows =
      std::clamp<hsize_t>((4u << 20) / row_bytes, 1, std::max<hsize_t>(rows, 1));
  const hsize_t dims[2] = {rows, cols}, maxdims[2] = {rows == 0 ? H5S_UNLIMITED : rows, cols};
  const hsize_t chunk[2] = {chunk_rows, std::max<hsize_t>(cols, 1)};
  h5::Id space(h5::check(H5Screate_simple(nd, dims, maxdims), what));
  h5::Id dcpl(h5::check(H5Pcreate(H5P_DATASET_CREATE), what));
  h5::check_status(H5Pset_chunk(dcpl.get(), nd, chunk), what);
  h5::check_status(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER), what);
  h5::check_status(H5Pset_fletcher32(dcpl.get()), what);
  h5::Id lcpl(h5::check(H5Pcreate(H5P_LINK_CREATE), what));
  h5::check_status(H5Pset_create_intermediate_group(lcpl.get(), 1), what);
  return h5::Id(h5::check(
      H5Dcreate2(file, name.c_str(), type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
      what));
}

// A value (scalar, string or list) as a 1-D dataset written by rank 0, with its kind.
void write_value(hid_t file, hid_t dxpl, const std::string& name, const engine::Snapshot::Value& v,
                 int rank, const std::string& path) {
  const std::string full = std::string(kValues) + "/" + name;
  std::visit(
      [&](const auto& x) {
        using X = std::decay_t<decltype(x)>;
        const void* data = nullptr;
        hsize_t n = 1;
        hid_t ftype = H5T_STD_I64LE, mtype = H5T_NATIVE_INT64;
        std::string kind;
        if constexpr (std::is_same_v<X, std::int64_t>) {
          data = &x, kind = kKindInt;
        } else if constexpr (std::is_same_v<X, double>) {
          data = &x, ftype = H5T_IEEE_F64LE, mtype = H5T_NATIVE_DOUBLE, kind = kKindDouble;
        } else if constexpr (std::is_same_v<X, std::string>) {
          data = x.data(), n = x.size(), ftype = H5T_STD_U8LE, mtype = H5T_NATIVE_UCHAR;
          kind = kKindString;
        } else if constexpr (std::is_same_v<X, std::vector<std::int64_t>>) {
          data = x.data(), n = x.size(), kind = kKindInts;
        } else {
          data = x.data(), n = x.size(), ftype = H5T_IEEE_F64LE, mtype = H5T_NATIVE_DOUBLE;
          kind = kKindDoubles;
        }
        h5::Id d = create_checked(file, full, ftype, n, 0, path);
        h5::write_rows(d.get(), mtype, data, 0, rank == 0 ? n : 0, dxpl, path + ": " + full);
        h5::write_attr(d.get(), kAttrKind, kind);
      },
      v);
}

void write_rows_table(hid_t file, hid_t dxpl, const std::string& name,
                      const engine::Snapshot::Rows& r, const engine::Comm& comm,
                      const std::string& path) {
  const std::string full = std::string(kRows) + "/" + name;
  const std::size_t cols = std::max<std::size_t>(r.cols, 1);
  const std::uint64_t rows = r.bytes.size() / (element_size(r.type) * cols);
  const std::uint64_t total = comm.sum(rows);
  const bool tiled = comm.all(comm.exclusive_prefix_sum(rows) == r.first_row);
  if (!tiled)
    throw std::logic_error(path + ": rows of " + name + " do not tile the table in rank order");
  h5::Id d = create_checked(file, full, file_type(r.type), total, cols, path);
  h5::write_rows(d.get(), memory_type(r.type), r.bytes.data(), r.first_row, rows, dxpl,
                 path + ": " + full);
}

}  // namespace

CheckpointStore::CheckpointStore(std::string dir, const engine::Comm& comm)
    : dir_(std::move(dir)), comm_(comm) {
  std::exception_ptr err;
  if (comm.rank() == 0) {
    try {
      fs::create_directories(dir_);
      if (!fs::is_directory(dir_)) throw SystemError(dir_ + ": not a directory");
    } catch (const fs::filesystem_error& e) {
      err = std::make_exception_ptr(
          SystemError(dir_ + ": cannot create the checkpoint directory: " + e.what()));
    } catch (...) {
      err = std::current_exception();
    }
  }
  h5::agree(comm, err, dir_ + ": rank 0 could not create the checkpoint directory");
}

std::vector<std::string> CheckpointStore::list(const std::string& prefix) const {
  std::string joined;
  if (comm_.rank() == 0) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec))
      if (is_checkpoint_name(e.path().filename().string(), prefix))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());  // zero-padded steps: name order is step order
    for (const auto& n : names) joined += n + "\n";
  }
  joined = h5::broadcast_string(comm_, joined, 0);
  std::vector<std::string> out;
  for (std::size_t i = 0, j; (j = joined.find('\n', i)) != std::string::npos; i = j + 1)
    out.push_back(dir_ + "/" + joined.substr(i, j - i));
  return out;
}

std::string CheckpointStore::write(const std::string& prefix, std::int64_t step,
                                   const CheckpointKey& key, const engine::Snapshot& s, int keep) {
  char name[64];
  std::snprintf(name, sizeof name, "-%010lld.h5", static_cast<long long>(step));
  const std::string path = dir_ + "/" + prefix + name, partial = path + ".partial";
  {
    h5::Id file = h5::create_parallel(partial, comm_);
    h5::Id dxpl = h5::collective_transfer();
    const hid_t f = file.get();
    h5::write_attr(f, kAttrFormat, std::string(kFormatCheckpoint));
    h5::write_attr(f, kAttrFormatVersion, std::int64_t{kCheckpointFormatVersion});
    h5::write_attr(f, kAttrFingerprint, key.graph_fingerprint);
    h5::write_attr(f, kAttrTask, key.task);
    h5::write_attr(f, kAttrAlgorithm, key.algorithm);
    h5::write_attr(f, kAttrParams, key.params);
    h5::write_attr(f, kAttrStep, std::int64_t{step});
    h5::write_attr(f, kAttrRanks, std::int64_t{comm_.size()});
    h5::write_attr(f, kAttrCreated, h5::created_timestamp(comm_));
    for (const auto& [n, v] : s.values()) write_value(f, dxpl.get(), n, v, comm_.rank(), partial);
    for (const auto& [n, r] : s.rows()) write_rows_table(f, dxpl.get(), n, r, comm_, partial);
    dxpl.reset();
    h5::check_status(H5Fflush(f, H5F_SCOPE_GLOBAL), partial + ": flushing");  // MPI_File_sync
    file.close(partial + ": closing");
  }
  h5::rename_on_root(comm_, partial, path);
  if (comm_.rank() == 0) sync_dir(dir_);
  const auto all = list(prefix);
  if (comm_.rank() == 0) {
    std::error_code ec;
    for (std::size_t i = 0; i + keep < all.size(); ++i) fs::remove(all[i], ec);
    for (const auto& e : fs::directory_iterator(dir_, ec))  // left by a job that was killed
      if (is_partial_name(e.path().filename().string(), prefix)) fs::remove(e.path(), ec);
  }
  comm_.barrier();
  return path;
}

void CheckpointStore::remove(const std::string& prefix) {
  if (comm_.rank() == 0) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
      const std::string n = e.path().filename().string();
      if (is_checkpoint_name(n, prefix) || is_partial_name(n, prefix)) fs::remove(e.path(), ec);
    }
  }
  comm_.barrier();
}

}  // namespace nexus::io
