// Checks on a dataset of an input file before anything is allocated for it or read from it: every
// filter in its pipeline is one HDF5 has built in (filter plugins are never loaded: see quiet()),
// and its declared size is backed by storage in the file (so a corrupt or hostile header cannot
// make a reader allocate terabytes). Declared in hdf5_util.hpp.
#include <string>

#include "engine/error.hpp"
#include "io/hdf5_util.hpp"

namespace nexus::io::h5 {
namespace {

// deflate expands at most ~1032:1; the other built-in filters (shuffle, fletcher32, nbit,
// scaleoffset, szip) are bounded the same way here.
constexpr unsigned __int128 kMaxFilterRatio = 1100;

void check_filters(hid_t dcpl, const std::string& file, const std::string& name) {
  const int n = H5Pget_nfilters(dcpl);
  if (n < 0) throw InputError(file + ": dataset " + name + ": unreadable filter pipeline");
  for (int i = 0; i < n; ++i) {
    unsigned flags = 0, config = 0;
    size_t nelmts = 0;
    char fname[64] = {0};
    const H5Z_filter_t id = H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &nelmts, nullptr,
                                           sizeof fname, fname, &config);
    if (id < 0) throw InputError(file + ": dataset " + name + ": unreadable filter pipeline");
    if (H5Zfilter_avail(id) > 0) continue;
    const std::string label = fname[0] ? " (" + std::string(fname) + ")" : "";
    throw InputError(file + ": dataset " + name + " is compressed with HDF5 filter " +
                     std::to_string(id) + label +
                     ", which is not available: nexus reads inputs with HDF5's built-in filters "
                     "only (filter plugins are not loaded)");
  }
}

unsigned __int128 declared_bytes(hid_t dset, const std::string& what) {
  unsigned __int128 bytes = 1;
  for (hsize_t d : shape(dset)) bytes *= d;  // at most 32 dims of < 2^64: no overflow in practice
  Id type(check(H5Dget_type(dset), what));
  return bytes * H5Tget_size(type.get());
}

std::string str(unsigned __int128 v) {
  if (v > UINT64_MAX) return "more than 2^64";
  return std::to_string(static_cast<std::uint64_t>(v));
}

}  // namespace

void check_input_dataset(hid_t dset, const std::string& file, const std::string& name) {
  const std::string what = file + ": dataset " + name;
  Id dcpl(check(H5Dget_create_plist(dset), what));
  check_filters(dcpl.get(), file, name);
  const bool filtered = H5Pget_nfilters(dcpl.get()) > 0;
  const unsigned __int128 bytes = declared_bytes(dset, what);
  if (bytes == 0) return;
  if (H5Pget_layout(dcpl.get()) == H5D_COMPACT) return;  // stored in the header itself
  const hid_t fid = H5Iget_file_id(dset);
  Id file_id(check(fid, what));
  hsize_t file_bytes = 0;
  check_status(H5Fget_filesize(file_id.get(), &file_bytes), what);
  const hsize_t stored = H5Dget_storage_size(dset);  // 0 also when the chunk index is unreadable
  if (stored > file_bytes)
    throw InputError(what + " claims " + std::to_string(stored) +
                     " bytes of storage but the file " + "has only " + std::to_string(file_bytes) +
                     " (truncated or corrupt)");
  const unsigned __int128 limit = filtered ? stored * kMaxFilterRatio : stored;
  if (bytes > limit)
    throw InputError(what + " declares " + str(bytes) + " bytes of data but only " +
                     std::to_string(stored) + " bytes are stored" +
                     (filtered ? " (compressed)" : "") + ": truncated, incomplete or corrupt");
}

}  // namespace nexus::io::h5
