// Thin C++ layer over the HDF5 C API for io/: an RAII id, error checks that throw
// nexus::InputError / SystemError naming the file and object, MPI-IO file access and collective
// transfer property lists, attributes, and row-range (hyperslab) reads and writes. HDF5 here is
// not thread-safe: call all of it from one thread per rank.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "engine/comm.hpp"

namespace nexus::io::h5 {

// Owns one HDF5 id and closes it with the closer that matches its type (file, dataset, ...).
class Id {
 public:
  Id() = default;
  explicit Id(hid_t id) : id_(id) {}
  ~Id() { reset(); }
  Id(Id&& o) noexcept : id_(o.id_) { o.id_ = H5I_INVALID_HID; }
  Id& operator=(Id&& o) noexcept;
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;

  hid_t get() const { return id_; }
  // Closes now and reports failure (a file close flushes and, for MPI-IO, is collective).
  void close(const std::string& what);
  void reset() noexcept;      // closes, ignoring errors (destructors, cleanup paths)
  hid_t release() noexcept {  // gives up ownership without closing
    const hid_t id = id_;
    id_ = H5I_INVALID_HID;
    return id;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// Library settings for Nexus (idempotent; every entry point calls it): no automatic printing of
// HDF5's error stack, and no loading of filter plugins (HDF5_PLUGIN_PATH is never searched, so
// an input file cannot make the process load code; see docs/formats.md).
void quiet();
// Throws SystemError("<what>: <innermost HDF5 message>") when rc < 0; returns rc otherwise.
hid_t check(hid_t rc, const std::string& what);
herr_t check_status(herr_t rc, const std::string& what);
// "<file>:<object>" of an open object, for messages.
std::string where(hid_t obj);

// Opening and creating files. open_serial is rank-local and validates existence and the HDF5
// signature (InputError "<path>: no such file" / "<path>: not an HDF5 file").
Id open_serial(const std::string& path);
Id open_parallel(const std::string& path, const engine::Comm& comm);    // collective, read-only
Id create_parallel(const std::string& path, const engine::Comm& comm);  // collective, truncates
Id collective_transfer();  // a dxpl with H5FD_MPIO_COLLECTIVE

// Objects. `file` is the path used in messages.
bool exists(hid_t loc, const std::string& name);  // every component of an absolute path
Id open_dataset(hid_t loc, const std::string& name, const std::string& file);
std::vector<hsize_t> shape(hid_t dset);
std::string type_name(hid_t type);  // "uint64", "int32", "float64", "string[12]", "string", ...
// Throws InputError unless the dataset has `rank` dimensions and its type is of class `cls`
// (and, for integers, the given signedness and byte size when size > 0).
void expect_type(hid_t dset, int rank, H5T_class_t cls, bool is_signed, std::size_t size,
                 const std::string& expected, const std::string& file, const std::string& name);
// For datasets of input files (hdf5_input.cpp; expect_type calls it after the type check): throws
// InputError naming the file and dataset when a filter it needs is not built into HDF5, or when
// its declared size is not backed by storage in the file (truncated, incomplete, or a huge size).
void check_input_dataset(hid_t dset, const std::string& file, const std::string& name);
// For the input sandbox (hdf5_probe.cpp): reads every attribute, dataset header, chunk index and
// variable-length string row that a reader may touch (bounded work; bulk numeric data is not
// read), so that a crash or loop of libhdf5 on corrupt metadata happens there. InputError when
// HDF5 reports the metadata unreadable.
void probe_file(hid_t file, const std::string& path);

// Creates a 1-D [rows] (cols == 0) or 2-D [rows, cols] chunked dataset, creating intermediate
// groups; `compress` adds shuffle + deflate. A zero-row dataset gets an unlimited maximum so that
// its one-row chunk is legal. Collective when the file is parallel.
Id create_dataset(hid_t file, const std::string& name, hid_t type, hsize_t rows, hsize_t cols,
                  hsize_t chunk_rows, bool compress, const std::string& path);
Id fixed_string_type(std::size_t length);  // NUL-padded UTF-8 of `length` bytes

// Reads or writes rows [first, first + rows) of a 1-D or 2-D dataset (all columns) through
// `dxpl`; rows may be 0 (the rank then selects nothing but still joins a collective transfer).
void read_rows(hid_t dset, hid_t memtype, void* buf, hsize_t first, hsize_t rows, hid_t dxpl,
               const std::string& what);
void write_rows(hid_t dset, hid_t memtype, const void* buf, hsize_t first, hsize_t rows, hid_t dxpl,
                const std::string& what);

// Attributes (hdf5_attr.cpp). Writers: in parallel every rank must call with identical values.
// Strings are stored as variable-length UTF-8 (h5py reads them as str).
bool has_attr(hid_t obj, const std::string& name);
void write_attr(hid_t obj, const std::string& name, std::int64_t value);
void write_attr(hid_t obj, const std::string& name, std::uint64_t value);
void write_attr(hid_t obj, const std::string& name, std::uint8_t value);
void write_attr(hid_t obj, const std::string& name, double value);
void write_attr(hid_t obj, const std::string& name, const std::string& value);
// Readers throw InputError "<file>: attribute <name> ..." when missing or of the wrong class.
std::string read_string_attr(hid_t obj, const std::string& name, const std::string& file);
std::int64_t read_int_attr(hid_t obj, const std::string& name, const std::string& file);
std::uint64_t read_uint_attr(hid_t obj, const std::string& name, const std::string& file);
double read_float_attr(hid_t obj, const std::string& name, const std::string& file);

// Collective agreement after a step that may have failed on some ranks only: if any rank failed,
// every rank throws (its own exception, or one saying another rank failed with `others`).
void agree(const engine::Comm& comm, std::exception_ptr local, const std::string& others);
// Rank 0 renames `from` to `to` (after every rank closed it); every rank throws if that failed.
void rename_on_root(const engine::Comm& comm, const std::string& from, const std::string& to);
// Rank `root`'s string on every rank (collective).
std::string broadcast_string(const engine::Comm& comm, std::string s, int root);
// Rank 0's clock as an ISO 8601 UTC timestamp on every rank (collective), for `created` attributes.
std::string created_timestamp(const engine::Comm& comm);

}  // namespace nexus::io::h5
