// inspect_file / describe_file: recognise a Nexus graph or feature file by its root attributes and
// print its schema, counts, attributes, datasets (dtype, shape, chunks, filters) and first rows.
// Rank 0 reads serially, in the input sandbox (a crash of libhdf5 on a corrupt file is an input
// error); the outcome is broadcast so that every rank fails the same way.
#include "io/inspect.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

#include "engine/error.hpp"
#include "io/hdf5_util.hpp"
#include "io/input_sandbox.hpp"
#include "io/schema.hpp"

namespace nexus::io {
namespace {

namespace s = schema;
constexpr std::size_t kMaxCols = 8;
constexpr std::size_t kMaxText = 120;

std::string clip(std::string v) {
  if (v.size() <= kMaxText) return v;
  const std::size_t n = v.size();
  v.resize(kMaxText);
  return v + "... (" + std::to_string(n) + " chars)";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

herr_t collect_attr(hid_t, const char* name, const H5A_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->push_back(name);
  return 0;
}

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->push_back(std::string("/") + name);
  return 0;
}

std::string attr_value(hid_t obj, const std::string& name, const std::string& path) {
  try {
    h5::Id attr(h5::check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), path + ": attribute " + name));
    h5::Id type(h5::check(H5Aget_type(attr.get()), path + ": attribute " + name));
    switch (H5Tget_class(type.get())) {
      case H5T_STRING:
        return "\"" + clip(h5::read_string_attr(obj, name, path)) + "\"";
      case H5T_INTEGER:
        if (H5Tget_sign(type.get()) == H5T_SGN_NONE)
          return std::to_string(h5::read_uint_attr(obj, name, path));
        return std::to_string(h5::read_int_attr(obj, name, path));
      case H5T_FLOAT:
        return number(h5::read_float_attr(obj, name, path));
      default:
        return "(" + h5::type_name(type.get()) + ")";
    }
  } catch (const std::exception&) {
    return "(not a single value)";
  }
}

void print_attrs(std::ostream& o, hid_t obj, const std::string& indent, const std::string& path) {
  std::vector<std::string> names;
  hsize_t idx = 0;
  h5::check_status(H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attr, &names),
                   path + ": listing attributes");
  for (const auto& n : names) o << indent << n << " = " << attr_value(obj, n, path) << "\n";
}

template <class T>
std::vector<std::string> rows_as_text(hid_t d, hid_t memtype, hsize_t rows, hsize_t cols,
                                      const std::string& what) {
  std::vector<T> v(rows * cols);
  h5::read_rows(d, memtype, v.data(), 0, rows, H5P_DEFAULT, what);
  std::vector<std::string> out(rows);
  for (hsize_t r = 0; r < rows; ++r) {
    for (hsize_t c = 0; c < std::min<hsize_t>(cols, kMaxCols); ++c) {
      const T x = v[r * cols + c];
      if constexpr (std::is_floating_point_v<T>)
        out[r] += (c ? " " : "") + number(x);
      else
        out[r] += (c ? " " : "") + std::to_string(x);
    }
    if (cols > kMaxCols) out[r] += " ...";
  }
  return out;
}

std::vector<std::string> strings_as_text(hid_t d, hid_t type, hsize_t rows,
                                         const std::string& what) {
  std::vector<std::string> out(rows);
  if (H5Tis_variable_str(type) > 0) {
    std::vector<char*> p(rows, nullptr);
    h5::read_rows(d, type, p.data(), 0, rows, H5P_DEFAULT, what);
    for (hsize_t r = 0; r < rows; ++r)
      out[r] = "\"" + clip(p[r] ? p[r] : "") + "\"", H5free_memory(p[r]);
    return out;
  }
  const std::size_t len = H5Tget_size(type);
  std::vector<char> buf(rows * len);
  h5::read_rows(d, type, buf.data(), 0, rows, H5P_DEFAULT, what);
  for (hsize_t r = 0; r < rows; ++r) {
    const char* p = buf.data() + r * len;
    out[r] = "\"" + clip(std::string(p, std::find(p, p + len, '\0'))) + "\"";
  }
  return out;
}

std::vector<std::string> first_rows(hid_t d, const std::vector<hsize_t>& dims, std::size_t want,
                                    const std::string& what) {
  if (dims.empty() || dims.size() > 2) return {};
  const hsize_t rows = std::min<hsize_t>(want, dims[0]), cols = dims.size() == 2 ? dims[1] : 1;
  h5::Id type(h5::check(H5Dget_type(d), what));
  switch (H5Tget_class(type.get())) {
    case H5T_INTEGER:
      if (H5Tget_sign(type.get()) == H5T_SGN_NONE)
        return rows_as_text<std::uint64_t>(d, H5T_NATIVE_UINT64, rows, cols, what);
      return rows_as_text<std::int64_t>(d, H5T_NATIVE_INT64, rows, cols, what);
    case H5T_FLOAT:
      return rows_as_text<double>(d, H5T_NATIVE_DOUBLE, rows, cols, what);
    case H5T_STRING:
      return dims.size() == 1 ? strings_as_text(d, type.get(), rows, what)
                              : std::vector<std::string>{};
    default:
      return {};
  }
}

std::string layout(hid_t d, const std::string& what) {
  h5::Id dcpl(h5::check(H5Dget_create_plist(d), what));
  if (H5Pget_layout(dcpl.get()) != H5D_CHUNKED) return "contiguous";
  hsize_t chunk[H5S_MAX_RANK];
  const int nd = H5Pget_chunk(dcpl.get(), H5S_MAX_RANK, chunk);
  std::string s = "chunks [";
  for (int i = 0; i < nd; ++i) s += (i ? " x " : "") + std::to_string(chunk[i]);
  s += "]";
  const int nf = H5Pget_nfilters(dcpl.get());
  for (int i = 0; i < nf; ++i) {
    unsigned flags = 0, config = 0;
    std::size_t nvalues = 0;
    char name[64] = {0};
    H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &nvalues, nullptr, sizeof name,
                   name, &config);
    s += std::string(i ? "+" : ", ") + name;
  }
  return s;
}

void print_dataset(std::ostream& o, hid_t file, const std::string& name, std::size_t rows,
                   const std::string& path) {
  const std::string what = path + ": " + name;
  h5::Id d = h5::open_dataset(file, name, path);
  h5::Id type(h5::check(H5Dget_type(d.get()), what));
  const auto dims = h5::shape(d.get());
  o << "  " << name << "  " << h5::type_name(type.get()) << " [";
  for (std::size_t i = 0; i < dims.size(); ++i) o << (i ? " x " : "") << dims[i];
  o << "]  " << layout(d.get(), what) << "\n";
  print_attrs(o, d.get(), "    @", path);
  const auto text = first_rows(d.get(), dims, rows, what);
  for (std::size_t r = 0; r < text.size(); ++r) o << "    [" << r << "] " << text[r] << "\n";
  if (!dims.empty() && dims[0] > text.size() && !text.empty()) o << "    ...\n";
}

}  // namespace

std::string describe_file(const std::string& path, std::size_t rows) {
  h5::Id file = h5::open_serial(path);
  const hid_t f = file.get();
  const std::string not_nexus = path + ": not a Nexus graph or feature file";
  if (!h5::has_attr(f, s::kAttrFormat))
    throw InputError(not_nexus + " (no " + s::kAttrFormat + " attribute)");
  const std::string format = h5::read_string_attr(f, s::kAttrFormat, path);
  const bool graph = format == s::kFormatGraph;
  if (!graph && format != s::kFormatFeatures)
    throw InputError(not_nexus + " (" + s::kAttrFormat + " is \"" + format + "\")");
  std::ostringstream o;
  const std::int64_t version = h5::read_int_attr(f, s::kAttrFormatVersion, path);
  const int supported = graph ? s::kGraphFormatVersion : s::kFeatureFormatVersion;
  o << path << ": Nexus " << format << " file, format_version " << version
    << (version == supported ? "" : " (this nexus reads " + std::to_string(supported) + ")")
    << "\n";
  o << "  num_vertices: " << h5::read_uint_attr(f, s::kAttrNumVertices, path) << "\n";
  if (graph) o << "  num_edges: " << h5::read_uint_attr(f, s::kAttrNumEdges, path) << "\n";
  o << "attributes:\n";
  print_attrs(o, f, "  ", path);
  std::vector<std::string> links;
  h5::check_status(H5Lvisit(f, H5_INDEX_NAME, H5_ITER_INC, collect_link, &links),
                   path + ": listing objects");
  o << "datasets:\n";
  for (const auto& name : links) {
    const h5::Id obj(H5Oopen(f, name.c_str(), H5P_DEFAULT));
    if (obj.get() >= 0 && H5Iget_type(obj.get()) == H5I_DATASET)
      print_dataset(o, f, name, rows, path);
  }
  return o.str();
}

void inspect_file(const std::string& path, std::ostream& out, const engine::Comm& comm) {
  h5::quiet();
  std::string text;
  int kind = 0;  // 0 ok, 1 input error, 2 other
  if (comm.rank() == 0) {
    try {
      text = run_in_input_sandbox(path, [&] { return describe_file(path); });
    } catch (const InputError& e) {
      text = e.what(), kind = 1;
    } catch (const SystemError& e) {  // the file opened: failing metadata reads mean corruption
      text = std::string(e.what()) + " (corrupt file?)", kind = 1;
    } catch (const std::exception& e) {
      text = path + ": " + e.what(), kind = 2;
    }
  }
  kind = comm.broadcast(kind, 0);
  if (kind == 0) {
    if (comm.rank() == 0) out << text;
    return;
  }
  text = h5::broadcast_string(comm, text, 0);
  if (kind == 1) throw InputError(text);
  throw SystemError(text);
}

}  // namespace nexus::io
