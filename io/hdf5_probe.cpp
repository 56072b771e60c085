// probe_file (hdf5_util.hpp): reads, in the calling process, the metadata of an input file that a
// reader may touch, apart from bulk numeric data: every attribute of every object in full
// (variable-length strings go through the global heap), every dataset's header, filter pipeline
// and chunk index (one element read per chunk of an unfiltered chunked dataset), and the rows of
// variable-length string datasets. Run inside the input sandbox (input_sandbox.hpp): if libhdf5
// crashes or loops on a corrupt file, it does so here. Work is bounded by the caps below.
#include <algorithm>
#include <exception>
#include <vector>

#include "engine/error.hpp"
#include "io/hdf5_util.hpp"

namespace nexus::io::h5 {
namespace {

constexpr std::size_t kMaxObjects = 10000;         // objects walked; a Nexus file has a few dozen
constexpr std::size_t kMaxAttributes = 1000;       // per object
constexpr hsize_t kMaxAttributeBytes = 64u << 20;  // in memory, per attribute
constexpr hsize_t kMaxChunkReads = 16384;          // per dataset; spread over the chunk grid
constexpr hsize_t kMaxGrid = hsize_t{1} << 62;
constexpr hsize_t kStringBlock = 65536;               // rows per read of a string dataset
constexpr hsize_t kMaxStringRows = hsize_t{1} << 24;  // beyond that, blocks spread evenly

struct Walk {
  std::string path;
  std::size_t objects = 0;
  std::exception_ptr error;
};

// Reads `count` elements of `type` (an attribute, or the dataset selection `file_space`) into
// memory of the matching native type and frees any variable-length data again.
void read_native(hid_t obj, bool is_attr, hid_t file_type, hid_t mem_space, hid_t file_space,
                 hsize_t count, const std::string& what) {
  Id mem(H5Tget_native_type(file_type, H5T_DIR_ASCEND));
  if (mem.get() < 0) return;  // a type no Nexus reader converts (e.g. a time or opaque type)
  const std::size_t size = H5Tget_size(mem.get());
  if (size == 0 || count > kMaxAttributeBytes / size) return;  // not read by any Nexus reader
  std::vector<unsigned char> buf(count * size + 1);
  if (is_attr) {
    check_status(H5Aread(obj, mem.get(), buf.data()), what);
  } else {
    check_status(H5Dread(obj, mem.get(), mem_space, file_space, H5P_DEFAULT, buf.data()), what);
  }
  if (H5Tdetect_class(mem.get(), H5T_VLEN) > 0 || H5Tis_variable_str(mem.get()) > 0) {
    Id space(mem_space == H5S_ALL ? check(H5Screate_simple(1, &count, nullptr), what)
                                  : check(H5Scopy(mem_space), what));
    H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, buf.data());
  }
}

herr_t read_attribute(hid_t obj, const char* name, const H5A_info_t*, void* data) {
  auto* w = static_cast<Walk*>(data);
  try {
    const std::string what = where(obj) + ": attribute " + name;
    Id attr(check(H5Aopen(obj, name, H5P_DEFAULT), what));
    Id type(check(H5Aget_type(attr.get()), what));
    Id space(check(H5Aget_space(attr.get()), what));
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n < 0) throw InputError(what + ": unreadable dataspace");
    read_native(attr.get(), true, type.get(), H5S_ALL, H5S_ALL, static_cast<hsize_t>(n), what);
  } catch (...) {
    w->error = std::current_exception();
    return -1;
  }
  return 0;
}

void read_attributes(hid_t obj, Walk& w) {
  H5O_info_t info;
  check_status(H5Oget_info2(obj, &info, H5O_INFO_NUM_ATTRS), w.path + ": object header");
  if (info.num_attrs == 0 || info.num_attrs > kMaxAttributes) return;
  hsize_t idx = 0;
  const herr_t rc = H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_NATIVE, &idx, read_attribute, &w);
  if (w.error) std::rethrow_exception(w.error);
  check_status(rc, where(obj) + ": listing attributes");
}

// One element at the origin of (up to kMaxChunkReads) chunks: each read looks the chunk up in the
// chunk index and reads it (for strings, through the global heap).
void read_chunk_origins(hid_t dset, hid_t type, hid_t dcpl, const std::vector<hsize_t>& dims,
                        const std::string& what) {
  const int rank = static_cast<int>(dims.size());
  std::vector<hsize_t> chunk(dims.size(), 1), grid(dims.size(), 0);
  if (H5Pget_chunk(dcpl, rank, chunk.data()) != rank) throw InputError(what + ": bad chunk shape");
  hsize_t total = 1;
  for (int d = 0; d < rank; ++d) {
    if (chunk[d] == 0) throw InputError(what + ": chunk dimension 0");
    grid[d] = (dims[d] + chunk[d] - 1) / chunk[d];
    if (grid[d] == 0) return;
    total = grid[d] > kMaxGrid / total ? kMaxGrid : total * grid[d];  // a prefix, when saturated
  }
  const hsize_t step = std::max<hsize_t>(1, total / kMaxChunkReads);
  Id fspace(check(H5Dget_space(dset), what));
  const hsize_t one = 1;
  Id mspace(check(H5Screate_simple(1, &one, nullptr), what));
  std::vector<hsize_t> at(dims.size()), count(dims.size(), 1);
  for (hsize_t k = 0; k < total && k / step < kMaxChunkReads; k += step) {
    hsize_t rest = k;
    for (int d = rank - 1; d >= 0; --d) at[d] = (rest % grid[d]) * chunk[d], rest /= grid[d];
    check_status(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, at.data(), nullptr, count.data(),
                                     nullptr),
                 what);
    read_native(dset, false, type, mspace.get(), fspace.get(), 1, what);
  }
}

// Every row of a 1-D variable-length string dataset (up to kMaxStringRows, else evenly spread
// blocks), kStringBlock rows at a time.
void read_string_rows(hid_t dset, hid_t type, hsize_t rows, const std::string& what) {
  const hsize_t blocks = (rows + kStringBlock - 1) / kStringBlock;
  const hsize_t step = std::max<hsize_t>(1, blocks / (kMaxStringRows / kStringBlock));
  Id fspace(check(H5Dget_space(dset), what));
  for (hsize_t b = 0; b < blocks; b += step) {
    const hsize_t first = b * kStringBlock, n = std::min(kStringBlock, rows - first);
    Id mspace(check(H5Screate_simple(1, &n, nullptr), what));
    check_status(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, &first, nullptr, &n, nullptr),
                 what);
    read_native(dset, false, type, mspace.get(), fspace.get(), n, what);
  }
}

void probe_dataset(hid_t dset, const std::string& name, Walk& w) {
  const std::string what = w.path + ": dataset " + name;
  Id type(check(H5Dget_type(dset), what));
  Id dcpl(check(H5Dget_create_plist(dset), what));
  const auto dims = shape(dset);
  (void)H5Dget_storage_size(dset);  // walks the whole chunk index
  const bool filtered = H5Pget_nfilters(dcpl.get()) != 0;
  const bool strings = H5Tis_variable_str(type.get()) > 0;
  if (strings && dims.size() == 1)
    read_string_rows(dset, type.get(), dims[0], what);
  else if (!filtered && !dims.empty() && H5Pget_layout(dcpl.get()) == H5D_CHUNKED)
    read_chunk_origins(dset, type.get(), dcpl.get(), dims, what);
}

herr_t visit(hid_t root, const char* name, const H5O_info_t* info, void* data) {
  auto* w = static_cast<Walk*>(data);
  if (++w->objects > kMaxObjects) return 1;  // stop walking (not an error)
  try {
    const std::string what = w->path + ": object " + name;
    Id obj(check(H5Oopen(root, name, H5P_DEFAULT), what));
    read_attributes(obj.get(), *w);
    if (info->type == H5O_TYPE_DATASET) probe_dataset(obj.get(), name, *w);
  } catch (...) {
    w->error = std::current_exception();
    return -1;
  }
  return 0;
}

}  // namespace

void probe_file(hid_t file, const std::string& path) {
  Walk w;
  w.path = path;
  try {
    const herr_t rc = H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_NATIVE, visit, &w, H5O_INFO_BASIC);
    if (w.error) std::rethrow_exception(w.error);
    check_status(rc, path + ": listing objects");
  } catch (const SystemError& e) {  // the file opened: failing metadata reads mean corruption
    throw InputError(std::string(e.what()) + " (corrupt file?)");
  }
}

}  // namespace nexus::io::h5
