// Attribute helpers of hdf5_util.hpp: scalar writes (identical on every rank in parallel files;
// strings as variable-length UTF-8) and checked reads that accept what other writers produce
// (fixed or variable-length strings, any integer width, h5py's boolean enum).
#include <algorithm>
#include <cstring>

#include "engine/error.hpp"
#include "io/hdf5_util.hpp"

namespace nexus::io::h5 {
namespace {

Id open_attr(hid_t obj, const std::string& name, const std::string& file) {
  if (H5Aexists(obj, name.c_str()) <= 0) throw InputError(file + ": missing attribute " + name);
  Id attr(check(H5Aopen(obj, name.c_str(), H5P_DEFAULT), file + ": opening attribute " + name));
  Id space(check(H5Aget_space(attr.get()), file + ": attribute " + name));
  if (H5Sget_simple_extent_npoints(space.get()) != 1)
    throw InputError(file + ": attribute " + name + " is not a single value");
  return attr;
}

H5T_class_t attr_class(hid_t attr, Id* type_out, const std::string& what) {
  Id type(check(H5Aget_type(attr), what));
  const H5T_class_t c = H5Tget_class(type.get());
  if (type_out) *type_out = std::move(type);
  return c;
}

std::string attr_type_name(hid_t attr, const std::string& what) {
  Id type(check(H5Aget_type(attr), what));
  return type_name(type.get());
}

template <class T>
void write_scalar(hid_t obj, const std::string& name, hid_t file_type, hid_t mem_type,
                  const T* value) {
  const std::string what = where(obj) + ": writing attribute " + name;
  if (H5Aexists(obj, name.c_str()) > 0) check_status(H5Adelete(obj, name.c_str()), what);
  Id space(check(H5Screate(H5S_SCALAR), what));
  Id attr(
      check(H5Acreate2(obj, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT), what));
  check_status(H5Awrite(attr.get(), mem_type, value), what);
}

// The integer value of an enum attribute (h5py stores numpy booleans as an int8 enum).
std::int64_t enum_value(hid_t attr, hid_t type, const std::string& what) {
  Id base(check(H5Tget_super(type), what));
  if (H5Tget_class(base.get()) != H5T_INTEGER || H5Tget_size(base.get()) > 8)
    throw InputError(what + " has dtype enum, expected an integer");
  alignas(8) unsigned char buf[8] = {0};
  check_status(H5Aread(attr, type, buf), what);  // raw values in the base integer type
  check_status(H5Tconvert(base.get(), H5T_NATIVE_INT64, 1, buf, nullptr, H5P_DEFAULT), what);
  std::int64_t v = 0;
  std::memcpy(&v, buf, sizeof v);
  return v;
}

}  // namespace

bool has_attr(hid_t obj, const std::string& name) {
  return H5Aexists(obj, name.c_str()) > 0;
}

void write_attr(hid_t obj, const std::string& name, std::int64_t value) {
  write_scalar(obj, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}
void write_attr(hid_t obj, const std::string& name, std::uint64_t value) {
  write_scalar(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}
void write_attr(hid_t obj, const std::string& name, std::uint8_t value) {
  write_scalar(obj, name, H5T_STD_U8LE, H5T_NATIVE_UINT8, &value);
}
void write_attr(hid_t obj, const std::string& name, double value) {
  write_scalar(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}
void write_attr(hid_t obj, const std::string& name, const std::string& value) {
  Id t(check(H5Tcopy(H5T_C_S1), "string type"));
  check_status(H5Tset_size(t.get(), H5T_VARIABLE), "string type size");
  check_status(H5Tset_cset(t.get(), H5T_CSET_UTF8), "string type cset");
  const char* p = value.c_str();
  write_scalar(obj, name, t.get(), t.get(), &p);
}

std::string read_string_attr(hid_t obj, const std::string& name, const std::string& file) {
  const std::string what = file + ": attribute " + name;
  Id attr = open_attr(obj, name, file);
  Id type;
  if (attr_class(attr.get(), &type, what) != H5T_STRING)
    throw InputError(what + " has dtype " + type_name(type.get()) + ", expected string");
  if (H5Tis_variable_str(type.get()) > 0) {
    char* p = nullptr;
    check_status(H5Aread(attr.get(), type.get(), &p), what);
    std::string s = p ? p : "";
    H5free_memory(p);
    return s;
  }
  std::string s(H5Tget_size(type.get()), '\0');
  check_status(H5Aread(attr.get(), type.get(), s.data()), what);
  s.resize(std::min(s.find('\0'), s.size()));
  while (!s.empty() && s.back() == ' ') s.pop_back();  // space-padded (Fortran-style) strings
  return s;
}

std::int64_t read_int_attr(hid_t obj, const std::string& name, const std::string& file) {
  const std::string what = file + ": attribute " + name;
  Id attr = open_attr(obj, name, file);
  Id type;
  const H5T_class_t c = attr_class(attr.get(), &type, what);
  if (c == H5T_ENUM) return enum_value(attr.get(), type.get(), what);
  if (c != H5T_INTEGER)
    throw InputError(what + " has dtype " + type_name(type.get()) + ", expected an integer");
  std::int64_t v = 0;
  check_status(H5Aread(attr.get(), H5T_NATIVE_INT64, &v), what);
  return v;
}

std::uint64_t read_uint_attr(hid_t obj, const std::string& name, const std::string& file) {
  const std::string what = file + ": attribute " + name;
  Id attr = open_attr(obj, name, file);
  Id type;
  if (attr_class(attr.get(), &type, what) != H5T_INTEGER)
    throw InputError(what + " has dtype " + type_name(type.get()) + ", expected an integer");
  if (H5Tget_sign(type.get()) == H5T_SGN_NONE) {
    std::uint64_t v = 0;
    check_status(H5Aread(attr.get(), H5T_NATIVE_UINT64, &v), what);
    return v;
  }
  std::int64_t v = 0;
  check_status(H5Aread(attr.get(), H5T_NATIVE_INT64, &v), what);
  if (v < 0) throw InputError(what + " is negative (" + std::to_string(v) + ")");
  return static_cast<std::uint64_t>(v);
}

double read_float_attr(hid_t obj, const std::string& name, const std::string& file) {
  const std::string what = file + ": attribute " + name;
  Id attr = open_attr(obj, name, file);
  const H5T_class_t c = attr_class(attr.get(), nullptr, what);
  if (c != H5T_FLOAT && c != H5T_INTEGER)
    throw InputError(what + " has dtype " + attr_type_name(attr.get(), what) +
                     ", expected a number");
  double v = 0;
  check_status(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &v), what);
  return v;
}

}  // namespace nexus::io::h5
