// HDF5 helpers for io/: RAII ids, error checks that name the file and object, MPI-IO property
// lists, chunked dataset creation, hyperslab row transfers, and cross-rank agreement on failures
// so that a bad input never leaves some ranks waiting in a collective (attributes: hdf5_attr.cpp).
#include "io/hdf5_util.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "engine/error.hpp"
#include "engine/mpi_handle.hpp"

namespace nexus::io::h5 {
namespace {

herr_t close_any(hid_t id) {
  switch (H5Iget_type(id)) {
    case H5I_FILE:
      return H5Fclose(id);
    case H5I_GROUP:
      return H5Gclose(id);
    case H5I_DATATYPE:
      return H5Tclose(id);
    case H5I_DATASPACE:
      return H5Sclose(id);
    case H5I_DATASET:
      return H5Dclose(id);
    case H5I_ATTR:
      return H5Aclose(id);
    case H5I_GENPROP_LST:
      return H5Pclose(id);
    default:
      return H5Idec_ref(id) < 0 ? -1 : 0;
  }
}

herr_t innermost(unsigned n, const H5E_error2_t* e, void* data) {
  if (n == 0) {
    *static_cast<std::string*>(data) =
        std::string(e->func_name ? e->func_name : "?") + ": " + (e->desc ? e->desc : "");
  }
  return 0;
}

// The innermost message of the current HDF5 error stack (where the failure originated).
std::string detail() {
  std::string s;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, &s);
  return s.empty() ? "HDF5 error" : s;
}

Id mpio_fapl(const engine::Comm& comm, const std::string& path) {
  Id fapl(check(H5Pcreate(H5P_FILE_ACCESS), path + ": file access list"));
  check_status(H5Pset_fapl_mpio(fapl.get(), engine::native(comm), MPI_INFO_NULL),
               path + ": H5Pset_fapl_mpio");
  return fapl;
}

void transfer(bool write, hid_t dset, hid_t memtype, void* buf, hsize_t first, hsize_t rows,
              hid_t dxpl, const std::string& what) {
  Id fspace(check(H5Dget_space(dset), what));
  const int nd = H5Sget_simple_extent_ndims(fspace.get());
  hsize_t dims[2] = {0, 1};
  check(H5Sget_simple_extent_dims(fspace.get(), dims, nullptr), what);
  if (nd < 1 || nd > 2 || first + rows > dims[0])
    throw SystemError(what + ": rows [" + std::to_string(first) + ", " +
                      std::to_string(first + rows) + ") outside the dataset");
  const hsize_t cols = nd == 2 ? dims[1] : 1;
  hsize_t start[2] = {first, 0}, count[2] = {rows, cols};
  hsize_t mdims[2] = {std::max<hsize_t>(rows, 1), std::max<hsize_t>(cols, 1)};
  Id mspace(check(H5Screate_simple(nd, mdims, nullptr), what));
  if (rows == 0 || cols == 0) {
    check_status(H5Sselect_none(fspace.get()), what);
    check_status(H5Sselect_none(mspace.get()), what);
  } else {
    check_status(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, start, nullptr, count, nullptr),
                 what);
  }
  static char dummy[64];  // HDF5 rejects a null buffer even for an empty selection
  void* p = buf ? buf : dummy;
  check_status(write ? H5Dwrite(dset, memtype, mspace.get(), fspace.get(), dxpl, p)
                     : H5Dread(dset, memtype, mspace.get(), fspace.get(), dxpl, p),
               what);
}

}  // namespace

Id& Id::operator=(Id&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void Id::close(const std::string& what) {
  if (id_ < 0) return;
  const hid_t id = id_;
  id_ = H5I_INVALID_HID;
  check_status(close_any(id), what);
}

void Id::reset() noexcept {
  if (id_ >= 0) close_any(id_);
  id_ = H5I_INVALID_HID;
}

void quiet() {
  static const bool done =
      (H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr), H5PLset_loading_state(0), true);
  (void)done;
}

hid_t check(hid_t rc, const std::string& what) {
  if (rc < 0) throw SystemError(what + ": " + detail());
  return rc;
}

herr_t check_status(herr_t rc, const std::string& what) {
  if (rc < 0) throw SystemError(what + ": " + detail());
  return rc;
}

std::string where(hid_t obj) {
  char buf[1024];
  ssize_t n = H5Fget_name(obj, buf, sizeof buf);
  std::string s = n > 0 ? std::string(buf, std::min<std::size_t>(n, sizeof buf - 1)) : "?";
  n = H5Iget_name(obj, buf, sizeof buf);
  if (n > 1) s += ":" + std::string(buf, std::min<std::size_t>(n, sizeof buf - 1));
  return s;
}

Id open_serial(const std::string& path) {
  quiet();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path + ": no such file");
  if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path + ": not an HDF5 file");
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw InputError(path + ": cannot open as HDF5 (" + detail() + ")");
  return Id(f);
}

Id open_parallel(const std::string& path, const engine::Comm& comm) {
  quiet();
  Id fapl = mpio_fapl(comm, path);
  return Id(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), path + ": opening"));
}

Id create_parallel(const std::string& path, const engine::Comm& comm) {
  quiet();
  Id fapl = mpio_fapl(comm, path);
  return Id(
      check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), path + ": creating"));
}

Id collective_transfer() {
  Id dxpl(check(H5Pcreate(H5P_DATASET_XFER), "transfer property list"));
  check_status(H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");
  return dxpl;
}

bool exists(hid_t loc, const std::string& name) {
  for (std::size_t i = 1; i <= name.size(); ++i) {
    if (i < name.size() && name[i] != '/') continue;
    if (H5Lexists(loc, name.substr(0, i).c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return !name.empty();
}

Id open_dataset(hid_t loc, const std::string& name, const std::string& file) {
  if (!exists(loc, name)) throw InputError(file + ": missing dataset " + name);
  const hid_t d = H5Dopen2(loc, name.c_str(), H5P_DEFAULT);
  if (d < 0) throw InputError(file + ": " + name + " is not a dataset");
  return Id(d);
}

std::vector<hsize_t> shape(hid_t dset) {
  Id space(check(H5Dget_space(dset), where(dset) + ": dataspace"));
  const int nd = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(nd, 0)));
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), where(dset) + ": dims");
  return dims;
}

std::string type_name(hid_t type) {
  const std::string bits = std::to_string(H5Tget_size(type) * 8);
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
      return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + bits;
    case H5T_FLOAT:
      return "float" + bits;
    case H5T_STRING:
      if (H5Tis_variable_str(type) > 0) return "string";
      return "string[" + std::to_string(H5Tget_size(type)) + "]";
    case H5T_COMPOUND:
      return "compound";
    case H5T_ENUM:
      return "enum";
    default:
      return "class " + std::to_string(static_cast<int>(H5Tget_class(type)));
  }
}

void expect_type(hid_t dset, int rank, H5T_class_t cls, bool is_signed, std::size_t size,
                 const std::string& expected, const std::string& file, const std::string& name) {
  const auto dims = shape(dset);
  if (static_cast<int>(dims.size()) != rank)
    throw InputError(file + ": dataset " + name + " has " + std::to_string(dims.size()) +
                     " dimensions, expected " + std::to_string(rank));
  Id type(check(H5Dget_type(dset), file + ": type of " + name));
  bool ok = H5Tget_class(type.get()) == cls;
  if (ok && cls == H5T_INTEGER && size > 0)
    ok = (H5Tget_sign(type.get()) != H5T_SGN_NONE) == is_signed && H5Tget_size(type.get()) == size;
  if (!ok)
    throw InputError(file + ": dataset " + name + " has dtype " + type_name(type.get()) +
                     ", expected " + expected);
  check_input_dataset(dset, file, name);
}

Id create_dataset(hid_t file, const std::string& name, hid_t type, hsize_t rows, hsize_t cols,
                  hsize_t chunk_rows, bool compress, const std::string& path) {
  const std::string what = path + ": creating dataset " + name;
  const int nd = cols == 0 ? 1 : 2;
  const hsize_t dims[2] = {rows, cols};
  const hsize_t maxdims[2] = {rows == 0 ? H5S_UNLIMITED : rows, cols};
  const hsize_t chunk[2] = {std::clamp<hsize_t>(chunk_rows, 1, std::max<hsize_t>(rows, 1)),
                            std::max<hsize_t>(cols, 1)};
  Id space(check(H5Screate_simple(nd, dims, maxdims), what));
  Id dcpl(check(H5Pcreate(H5P_DATASET_CREATE), what));
  check_status(H5Pset_chunk(dcpl.get(), nd, chunk), what);
  check_status(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER), what);
  if (compress) {
    check_status(H5Pset_shuffle(dcpl.get()), what);
    check_status(H5Pset_deflate(dcpl.get(), 4), what);
  }
  Id lcpl(check(H5Pcreate(H5P_LINK_CREATE), what));
  check_status(H5Pset_create_intermediate_group(lcpl.get(), 1), what);
  return Id(
      check(H5Dcreate2(file, name.c_str(), type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
            what));
}

Id fixed_string_type(std::size_t length) {
  Id t(check(H5Tcopy(H5T_C_S1), "string type"));
  check_status(H5Tset_size(t.get(), std::max<std::size_t>(length, 1)), "string type size");
  check_status(H5Tset_strpad(t.get(), H5T_STR_NULLPAD), "string type padding");
  check_status(H5Tset_cset(t.get(), H5T_CSET_UTF8), "string type cset");
  return t;
}

void read_rows(hid_t dset, hid_t memtype, void* buf, hsize_t first, hsize_t rows, hid_t dxpl,
               const std::string& what) {
  transfer(false, dset, memtype, buf, first, rows, dxpl, what);
}

void write_rows(hid_t dset, hid_t memtype, const void* buf, hsize_t first, hsize_t rows, hid_t dxpl,
                const std::string& what) {
  transfer(true, dset, memtype, const_cast<void*>(buf), first, rows, dxpl, what);
}

void agree(const engine::Comm& comm, std::exception_ptr local, const std::string& others) {
  int kind = 0;  // 0 ok, 1 input error, 2 usage error, 3 anything else
  if (local) {
    try {
      std::rethrow_exception(local);
    } catch (const InputError&) {
      kind = 1;
    } catch (const std::invalid_argument&) {
      kind = 2;
    } catch (...) {
      kind = 3;
    }
  }
  const int worst = comm.max(kind);
  if (worst == 0) return;
  if (local) std::rethrow_exception(local);
  if (worst == 1) throw InputError(others);
  if (worst == 2) throw UsageError(others);
  throw SystemError(others);
}

void rename_on_root(const engine::Comm& comm, const std::string& from, const std::string& to) {
  std::exception_ptr err;
  if (comm.rank() == 0) {
    try {
      std::filesystem::rename(from, to);
    } catch (const std::exception& e) {
      err =
          std::make_exception_ptr(SystemError(from + ": cannot rename to " + to + ": " + e.what()));
    }
  }
  agree(comm, err, from + ": rank 0 could not rename it to " + to);
}

std::string created_timestamp(const engine::Comm& comm) {
  const std::time_t t = std::time(nullptr);
  std::tm g{};
  gmtime_r(&t, &g);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &g);
  return broadcast_string(comm, buf, 0);
}

std::string broadcast_string(const engine::Comm& comm, std::string s, int root) {
  std::vector<char> buf(s.begin(), s.end());
  comm.broadcast(buf, root);
  return std::string(buf.begin(), buf.end());
}

}  // namespace nexus::io::h5
