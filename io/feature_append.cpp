// check_append_target and open_append_copy (see feature_append.hpp): header and row checks on
// every rank (each its own row range of /node_id or /node_name), then a copy-and-extend commit.
#include "io/feature_append.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "engine/error.hpp"
#include "engine/mpi_handle.hpp"
#include "io/feature_header.hpp"
#include "io/hdf5_util.hpp"
#include "io/schema.hpp"

namespace nexus::io {
namespace {

namespace s = schema;

void check_same_graph(const FeatureHeader& h, const FeatureFileInfo& info,
                      const std::string& path) {
  if (h.num_vertices != info.num_vertices || h.fingerprint != info.graph_fingerprint)
    throw InputError(path + " belongs to another graph (" + std::to_string(h.num_vertices) +
                     " vertices, graph_fingerprint \"" + h.fingerprint +
                     "\"; this graph: " + std::to_string(info.num_vertices) + " vertices, \"" +
                     info.graph_fingerprint + "\"): --append needs the graph it was computed on");
}

std::string row_mismatch(const std::string& path, const char* dataset, std::uint64_t row,
                         const std::string& file_value, const std::string& graph_value) {
  return path + ": " + dataset + " of row " + std::to_string(row) + " is " + file_value +
         ", the graph's is " + graph_value + " (rows would not line up): --append refused";
}

void check_rows(hid_t f, const std::string& path, std::uint64_t first,
                std::span<const std::int64_t> ids, std::span<const std::string> names) {
  if (!names.empty()) {
    if (!h5::exists(f, s::kNodeName))
      throw InputError(path + ": has no " + s::kNodeName + " but the graph has string ids");
    h5::Id d = h5::open_dataset(f, s::kNodeName, path);
    h5::Id type(h5::check(H5Dget_type(d.get()), path + ": " + s::kNodeName));
    const std::size_t len = H5Tget_size(type.get());
    std::vector<char> buf(names.size() * len);
    h5::read_rows(d.get(), type.get(), buf.data(), first, names.size(), H5P_DEFAULT, path);
    for (std::size_t i = 0; i < names.size(); ++i) {
      const char* p = buf.data() + i * len;
      const std::string got(p, std::find(p, p + len, '\0'));
      if (got != names[i])
        throw InputError(row_mismatch(path, s::kNodeName, first + i, got, names[i]));
    }
    return;
  }
  if (h5::exists(f, s::kNodeName))
    throw InputError(path + ": has string ids (" + s::kNodeName + ") but the graph has not");
  h5::Id d = h5::open_dataset(f, s::kNodeId, path);
  std::vector<std::int64_t> got(ids.size());
  h5::read_rows(d.get(), H5T_NATIVE_INT64, got.data(), first, ids.size(), H5P_DEFAULT, path);
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (got[i] != ids[i])
      throw InputError(row_mismatch(path, s::kNodeId, first + i, std::to_string(got[i]),
                                    std::to_string(ids[i])));
}

// Rank 0's byte copy; copy_file_range lets the kernel (or the file server) do the work.
void copy_file(const std::string& from, const std::string& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw SystemError(from + ": cannot open for copying: " + std::strerror(errno));
  struct stat st {};
  ::fstat(in, &st);
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 0777);
  if (out < 0) {
    const int e = errno;
    ::close(in);
    throw SystemError(to + ": cannot create: " + std::strerror(e));
  }
  off_t left = st.st_size;
  int err = 0;
  bool fallback = false;
  while (left > 0) {
    const ssize_t n =
        ::copy_file_range(in, nullptr, out, nullptr, static_cast<std::size_t>(left), 0);
    if (n > 0) {
      left -= n;
      continue;
    }
    if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL))
      fallback = true;  // no in-kernel copy between these files
    else
      err = n < 0 ? errno : EIO;  // n == 0: the file shrank under us
    break;
  }
  ::close(in);
  if (::close(out) != 0 && err == 0) err = errno;
  if (err != 0) throw SystemError(to + ": copying " + from + " failed: " + std::strerror(err));
  if (fallback) {
    std::error_code ec;
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) throw SystemError(to + ": copying " + from + " failed: " + ec.message());
  }
}

std::string json_quote(const std::string& x) {
  std::string o = "\"";
  for (char c : x) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

}  // namespace

void check_append_target(const std::string& path, const engine::Comm& comm,
                         const FeatureFileInfo& info, std::uint64_t first_row,
                         std::span<const std::int64_t> node_ids,
                         std::span<const std::string> node_names,
                         const std::vector<std::string>& new_features) {
  h5::quiet();
  check_feature_file_in_sandbox(path, comm);
  std::exception_ptr err;
  try {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      throw InputError(path + ": no such file (--append adds to an existing feature file)");
    h5::Id f = h5::open_serial(path);
    check_same_graph(read_feature_header(f.get(), path), info, path);
    for (const auto& name : new_features)
      if (h5::exists(f.get(), std::string(s::kFeatureGroup) + "/" + name))
        throw UsageError(path + " already has the feature '" + name +
                         "': give the new one another name (--name, or name = in the job file)");
    check_rows(f.get(), path, first_row, node_ids, node_names);
  } catch (...) {
    err = std::current_exception();
  }
  h5::agree(comm, err, path + ": another rank refused to append to it");
}

h5::Id open_append_copy(const std::string& path, const std::string& partial,
                        const engine::Comm& comm, const FeatureFileInfo& info,
                        const std::string& created) {
  std::exception_ptr err;
  if (comm.rank() == 0) {
    try {
      copy_file(path, partial);
    } catch (...) {
      err = std::current_exception();
    }
  }
  h5::agree(comm, err, partial + ": rank 0 could not copy " + path);
  h5::Id fapl(h5::check(H5Pcreate(H5P_FILE_ACCESS), partial + ": file access list"));
  h5::check_status(H5Pset_fapl_mpio(fapl.get(), engine::native(comm), MPI_INFO_NULL), partial);
  h5::Id file(h5::check(H5Fopen(partial.c_str(), H5F_ACC_RDWR, fapl.get()),
                        partial + ": opening for append"));
  FeatureHeader h;
  try {  // the same answer on every rank: they read the same attributes
    h = read_feature_header(file.get(), partial);
    check_same_graph(h, info, path);
  } catch (...) {
    file.reset();
    throw;
  }
  std::string history = "[]";
  if (h5::has_attr(file.get(), s::kAttrAppendHistory))
    history = h5::read_string_attr(file.get(), s::kAttrAppendHistory, partial);
  const std::string entry =
      "{\"config\": " + (info.config_json.empty() ? std::string("null") : info.config_json) +
      ", \"created\": " + json_quote(created) +
      ", \"nexus_version\": " + json_quote(NEXUS_VERSION) +
      ", \"ranks\": " + std::to_string(info.ranks) +
      ", \"threads\": " + std::to_string(info.threads) + "}";
  const auto close = history.rfind(']');
  if (close == std::string::npos)
    throw InputError(path + ": attribute " + s::kAttrAppendHistory + " is not a JSON array");
  const bool empty = history.find_first_not_of(" \t\n[", 0) >= close;
  history = history.substr(0, close) + (empty ? "" : ", ") + entry + "]";
  h5::write_attr(file.get(), s::kAttrAppendHistory, history);
  h5::write_attr(file.get(), s::kAttrFormatMinor,
                 std::int64_t{std::max(h.minor, s::kFeatureFormatMinor)});
  return file;
}

}  // namespace nexus::io
