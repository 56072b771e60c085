// FeatureReader: serial reads of feature files with the default (POSIX) HDF5 driver: schema and
// version checks first, then whole-dataset reads with HDF5's type conversion into the requested
// native type (after checking the dataset's rank and dtype class).
#include "io/feature_reader.hpp"

#include <algorithm>

#include "engine/error.hpp"
#include "io/feature_header.hpp"
#include "io/hdf5_util.hpp"
#include "io/schema.hpp"

namespace nexus::io {
namespace {

namespace s = schema;

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->push_back(name);
  return 0;
}

herr_t collect_attr(hid_t, const char* name, const H5A_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->push_back(name);
  return 0;
}

}  // namespace

struct FeatureReader::Impl {
  std::string path;
  h5::Id file;
  int version = 0, minor = 0;
  std::uint64_t num_vertices = 0;

  h5::Id feature(const std::string& name, int rank, H5T_class_t cls, const char* expected) const {
    const std::string full = std::string(s::kFeatureGroup) + "/" + name;
    if (!h5::exists(file.get(), full)) throw InputError(path + ": no feature " + name);
    h5::Id d = h5::open_dataset(file.get(), full, path);
    h5::expect_type(d.get(), rank, cls, true, 0, expected, path, full);
    return d;
  }

  template <class T>
  std::vector<T> read_all(hid_t d, hid_t memtype, const std::string& name) const {
    const auto dims = h5::shape(d);
    std::uint64_t count = 1;
    for (auto x : dims) count *= x;
    std::vector<T> v(count);
    h5::read_rows(d, memtype, v.data(), 0, dims.at(0), H5P_DEFAULT, path + ": reading " + name);
    return v;
  }
};

FeatureReader::FeatureReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->file = h5::open_serial(path);
  const FeatureHeader h = read_feature_header(impl_->file.get(), path);
  impl_->version = h.major;
  impl_->minor = h.minor;
  impl_->num_vertices = h.num_vertices;
}

FeatureReader::~FeatureReader() = default;
FeatureReader::FeatureReader(FeatureReader&&) noexcept = default;
FeatureReader& FeatureReader::operator=(FeatureReader&&) noexcept = default;

const std::string& FeatureReader::path() const {
  return impl_->path;
}
int FeatureReader::format_version() const {
  return impl_->version;
}
int FeatureReader::format_version_minor() const {
  return impl_->minor;
}
std::uint64_t FeatureReader::num_vertices() const {
  return impl_->num_vertices;
}

std::string FeatureReader::graph_fingerprint() const {
  return h5::read_string_attr(impl_->file.get(), s::kAttrFingerprint, impl_->path);
}

std::string FeatureReader::root_attribute(const std::string& name) const {
  const hid_t f = impl_->file.get();
  h5::Id attr(H5Aopen(f, name.c_str(), H5P_DEFAULT));
  if (attr.get() < 0) throw InputError(impl_->path + ": missing attribute " + name);
  h5::Id type(h5::check(H5Aget_type(attr.get()), impl_->path + ": attribute " + name));
  switch (H5Tget_class(type.get())) {
    case H5T_STRING:
      return h5::read_string_attr(f, name, impl_->path);
    case H5T_FLOAT:
      return std::to_string(h5::read_float_attr(f, name, impl_->path));
    default:
      return std::to_string(h5::read_int_attr(f, name, impl_->path));
  }
}

std::vector<FeatureInfo> FeatureReader::features() const {
  std::vector<std::string> names;
  if (h5::exists(impl_->file.get(), s::kFeatureGroup)) {
    h5::Id group(h5::check(H5Gopen2(impl_->file.get(), s::kFeatureGroup, H5P_DEFAULT),
                           impl_->path + ": opening " + s::kFeatureGroup));
    h5::check_status(
        H5Literate(group.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_link, &names),
        impl_->path + ": listing features");
  }
  std::sort(names.begin(), names.end());
  std::vector<FeatureInfo> out;
  for (const auto& n : names) {
    h5::Id d =
        h5::open_dataset(impl_->file.get(), std::string(s::kFeatureGroup) + "/" + n, impl_->path);
    h5::Id type(h5::check(H5Dget_type(d.get()), impl_->path + ": " + n));
    const auto dims = h5::shape(d.get());
    out.push_back({n, h5::type_name(type.get()), {dims.begin(), dims.end()}});
  }
  return out;
}

std::vector<std::int64_t> FeatureReader::node_ids() const {
  h5::Id d = h5::open_dataset(impl_->file.get(), s::kNodeId, impl_->path);
  h5::expect_type(d.get(), 1, H5T_INTEGER, true, 0, "int64", impl_->path, s::kNodeId);
  return impl_->read_all<std::int64_t>(d.get(), H5T_NATIVE_INT64, s::kNodeId);
}

bool FeatureReader::has_node_names() const {
  return h5::exists(impl_->file.get(), s::kNodeName);
}

std::vector<std::string> FeatureReader::node_names() const {
  h5::Id d = h5::open_dataset(impl_->file.get(), s::kNodeName, impl_->path);
  h5::expect_type(d.get(), 1, H5T_STRING, false, 0, "string", impl_->path, s::kNodeName);
  h5::Id type(h5::check(H5Dget_type(d.get()), impl_->path + ": " + s::kNodeName));
  if (H5Tis_variable_str(type.get()) > 0)
    throw InputError(impl_->path + ": " + s::kNodeName + " holds variable-length strings");
  const std::size_t len = H5Tget_size(type.get());
  const auto n = h5::shape(d.get()).at(0);
  std::vector<char> buf(n * len);
  h5::read_rows(d.get(), type.get(), buf.data(), 0, n, H5P_DEFAULT, impl_->path);
  std::vector<std::string> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const char* p = buf.data() + i * len;
    out[i].assign(p, std::find(p, p + len, '\0'));
  }
  return out;
}

std::vector<double> FeatureReader::read_float64(const std::string& feature) const {
  h5::Id d = impl_->feature(feature, 1, H5T_FLOAT, "float64");
  return impl_->read_all<double>(d.get(), H5T_NATIVE_DOUBLE, feature);
}

std::vector<std::int64_t> FeatureReader::read_int64(const std::string& feature) const {
  h5::Id d = impl_->feature(feature, 1, H5T_INTEGER, "int64");
  return impl_->read_all<std::int64_t>(d.get(), H5T_NATIVE_INT64, feature);
}

std::vector<float> FeatureReader::read_float32(const std::string& feature,
                                               std::size_t* cols) const {
  h5::Id d = impl_->feature(feature, 2, H5T_FLOAT, "float32 [N, d]");
  if (cols) *cols = h5::shape(d.get()).at(1);
  return impl_->read_all<float>(d.get(), H5T_NATIVE_FLOAT, feature);
}

Attributes FeatureReader::attributes(const std::string& feature) const {
  const std::string full = std::string(s::kFeatureGroup) + "/" + feature;
  if (!h5::exists(impl_->file.get(), full))
    throw InputError(impl_->path + ": no feature " + feature);
  h5::Id d = h5::open_dataset(impl_->file.get(), full, impl_->path);
  std::vector<std::string> names;
  hsize_t idx = 0;
  h5::check_status(H5Aiterate2(d.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attr, &names),
                   impl_->path + ": attributes of " + full);
  Attributes out;
  for (const auto& n : names) {
    h5::Id attr(h5::check(H5Aopen(d.get(), n.c_str(), H5P_DEFAULT), impl_->path + ": " + n));
    h5::Id type(h5::check(H5Aget_type(attr.get()), impl_->path + ": " + n));
    const H5T_class_t c = H5Tget_class(type.get());
    if (c == H5T_STRING)
      out.emplace_back(n, h5::read_string_attr(d.get(), n, impl_->path));
    else if (c == H5T_FLOAT)
      out.emplace_back(n, h5::read_float_attr(d.get(), n, impl_->path));
    else if (c == H5T_INTEGER)
      out.emplace_back(n, h5::read_int_attr(d.get(), n, impl_->path));
  }
  return out;
}

}  // namespace nexus::io
