// CheckpointStore::read_latest: newest first, a checkpoint is taken only when rank 0 can open it
// and its key matches, and every rank could read its share of every table with intact
// checksums (independent reads, then one agreement); otherwise it is skipped with a warning.
#include <algorithm>
#include <filesystem>

#include "engine/error.hpp"
#include "engine/log.hpp"
#include "io/checkpoint_layout.hpp"
#include "io/checkpoint_store.hpp"
#include "io/hdf5_util.hpp"

namespace nexus::io {
namespace fs = std::filesystem;
using namespace checkpoint_layout;
using engine::Snapshot;

namespace {

std::vector<std::string> members(hid_t file, const char* group) {
  std::vector<std::string> out;
  if (!h5::exists(file, group)) return out;
  h5::Id g(h5::check(H5Gopen2(file, group, H5P_DEFAULT), std::string("opening ") + group));
  H5G_info_t info;
  h5::check_status(H5Gget_info(g.get(), &info), "group info");
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    char buf[512];
    const ssize_t n = H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, buf,
                                         sizeof buf, H5P_DEFAULT);
    h5::check(n, "member name");
    out.emplace_back(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// Reads /values (independent reads; the checksums are verified on the way).
std::map<std::string, Snapshot::Value> read_values(hid_t file, const std::string& path) {
  std::map<std::string, Snapshot::Value> out;
  for (const std::string& name : members(file, kValues)) {
    const std::string full = std::string(kValues) + "/" + name;
    h5::Id d = h5::open_dataset(file, full, path);
    const std::string kind = h5::read_string_attr(d.get(), kAttrKind, path);
    const hsize_t n = h5::shape(d.get()).at(0);
    const std::string what = path + ": reading " + full;
    if (kind == kKindString) {
      std::string s(n, '\0');
      h5::read_rows(d.get(), H5T_NATIVE_UCHAR, s.data(), 0, n, H5P_DEFAULT, what);
      out[name] = s;
    } else if (kind == kKindInt || kind == kKindInts) {
      std::vector<std::int64_t> v(n);
      h5::read_rows(d.get(), H5T_NATIVE_INT64, v.data(), 0, n, H5P_DEFAULT, what);
      if (kind == kKindInt)
        out[name] = v.at(0);
      else
        out[name] = v;
    } else if (kind == kKindDouble || kind == kKindDoubles) {
      std::vector<double> v(n);
      h5::read_rows(d.get(), H5T_NATIVE_DOUBLE, v.data(), 0, n, H5P_DEFAULT, what);
      if (kind == kKindDouble)
        out[name] = v.at(0);
      else
        out[name] = v;
    } else {
      throw InputError(path + ": " + full + " has unknown kind '" + kind + "'");
    }
  }
  return out;
}

// Reads this rank's even share of every table in bounded pieces (checksum verification).
void check_rows(hid_t file, const std::string& path, const engine::Comm& comm) {
  for (const std::string& name : members(file, kRows)) {
    const std::string full = std::string(kRows) + "/" + name;
    h5::Id d = h5::open_dataset(file, full, path);
    const auto dims = h5::shape(d.get());
    if (dims.size() != 2) throw InputError(path + ": " + full + " is not a 2-D table");
    h5::Id ftype(h5::check(H5Dget_type(d.get()), path));
    h5::Id mtype(h5::check(H5Tget_native_type(ftype.get(), H5T_DIR_ASCEND), path));
    const std::size_t row_bytes = H5Tget_size(mtype.get()) * std::max<hsize_t>(dims[1], 1);
    const hsize_t r = comm.rank(), p = comm.size();
    const hsize_t begin = dims[0] * r / p, end = dims[0] * (r + 1) / p;
    const hsize_t piece = std::max<hsize_t>(1, (16u << 20) / row_bytes);
    std::vector<unsigned char> buf(std::min(piece, end - begin) * row_bytes);
    for (hsize_t i = begin; i < end; i += piece)
      h5::read_rows(d.get(), mtype.get(), buf.data(), i, std::min(piece, end - i), H5P_DEFAULT,
                    path + ": reading " + full);
  }
}

class FileRows : public Snapshot::RowSource {
 public:
  FileRows(h5::Id file, std::string path) : file_(std::move(file)), path_(std::move(path)) {}
  void read(const std::string& name, engine::ElementType type, std::uint64_t first,
            std::uint64_t rows, std::size_t cols, void* out) const override {
    const std::string full = std::string(kRows) + "/" + name;
    h5::Id d = h5::open_dataset(file_.get(), full, path_);
    const auto dims = h5::shape(d.get());
    h5::Id ftype(h5::check(H5Dget_type(d.get()), path_));
    if (dims.size() != 2 || dims[1] != std::max<std::size_t>(cols, 1) ||
        H5Tequal(ftype.get(), file_type(type)) <= 0)
      throw InputError(path_ + ": " + full + " does not have the type or columns expected");
    h5::Id dxpl = h5::collective_transfer();
    h5::read_rows(d.get(), memory_type(type), out, first, rows, dxpl.get(),
                  path_ + ": reading " + full);
  }

 private:
  h5::Id file_;
  std::string path_;
};

// Rank 0: "" if the file's key matches; a description of the difference otherwise.
std::string key_difference(hid_t f, const CheckpointKey& key, const std::string& path) {
  if (h5::read_string_attr(f, kAttrFormat, path) != kFormatCheckpoint)
    throw InputError(path + ": not a nexus checkpoint");
  const auto version = h5::read_int_attr(f, kAttrFormatVersion, path);
  if (version != kCheckpointFormatVersion)
    return "format version " + std::to_string(version) + " (this nexus writes " +
           std::to_string(kCheckpointFormatVersion) + ")";
  const std::pair<const char*, const std::string*> fields[] = {
      {kAttrFingerprint, &key.graph_fingerprint},
      {kAttrTask, &key.task},
      {kAttrAlgorithm, &key.algorithm},
      {kAttrParams, &key.params}};
  for (const auto& [attr, expected] : fields) {
    const std::string got = h5::read_string_attr(f, attr, path);
    if (got != *expected) return std::string(attr) + " is " + got + ", this job has " + *expected;
  }
  return "";
}

}  // namespace

std::optional<Snapshot> CheckpointStore::read_latest(const std::string& prefix,
                                                     const CheckpointKey& key, std::int64_t* step) {
  if (comm_.rank() == 0) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec))
      if (is_partial_name(e.path().filename().string(), prefix))
        engine::warn(comm_, "ignoring half-written checkpoint " + e.path().string());
  }
  const auto files = list(prefix);
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    const std::string& path = *it;
    std::string problem, mismatch;
    if (comm_.rank() == 0) {
      try {
        h5::Id f = h5::open_serial(path);
        mismatch = key_difference(f.get(), key, path);
      } catch (const std::exception& e) {
        problem = e.what();
      }
    }
    problem = h5::broadcast_string(comm_, problem, 0);
    mismatch = h5::broadcast_string(comm_, mismatch, 0);
    if (!mismatch.empty())
      throw UsageError(path + ": this checkpoint belongs to another job (" + mismatch +
                       "); use another --checkpoint directory or delete it");
    std::map<std::string, Snapshot::Value> values;
    h5::Id file;
    if (problem.empty()) {
      file = h5::open_parallel(path, comm_);
      try {
        values = read_values(file.get(), path);
        check_rows(file.get(), path, comm_);
      } catch (const std::exception& e) {
        problem = e.what();
      }
      const bool bad = comm_.any(!problem.empty());
      if (bad && problem.empty()) problem = "another rank could not read its part";
    }
    if (problem.empty()) {
      if (step) *step = h5::read_int_attr(file.get(), kAttrStep, path);
      engine::info(comm_, "resuming from checkpoint " + path);
      return Snapshot(std::move(values), std::make_shared<FileRows>(std::move(file), path));
    }
    file.reset();
    if (comm_.rank() == 0)
      engine::warn(comm_, "skipping unusable checkpoint " + path + " (" + problem +
                              "); trying an older one");
  }
  return std::nullopt;
}

}  // namespace nexus::io
