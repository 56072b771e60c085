// read_feature_header: nexus_format, format_version (major) and format_version_minor checks;
// check_feature_file_in_sandbox: the same plus h5::probe_file, in the input sandbox.
#include "io/feature_header.hpp"

#include <filesystem>

#include "engine/error.hpp"
#include "io/hdf5_util.hpp"
#include "io/input_sandbox.hpp"
#include "io/schema.hpp"

namespace nexus::io {

FeatureHeader read_feature_header(hid_t f, const std::string& path) {
  namespace s = schema;
  if (!h5::has_attr(f, s::kAttrFormat))
    throw InputError(path + ": not a Nexus feature file (no " + s::kAttrFormat + " attribute)");
  const std::string format = h5::read_string_attr(f, s::kAttrFormat, path);
  if (format != s::kFormatFeatures)
    throw InputError(path + ": " + s::kAttrFormat + " is \"" + format + "\", expected \"" +
                     s::kFormatFeatures + "\"");
  const std::int64_t major = h5::read_int_attr(f, s::kAttrFormatVersion, path);
  if (major != s::kFeatureFormatVersion)
    throw InputError(
        path + ": unsupported format_version " + std::to_string(major) +
        " of a feature file (this reader knows major version " +
        std::to_string(s::kFeatureFormatVersion) +
        (major > s::kFeatureFormatVersion ? "; the file is newer: upgrade nexus)" : ")"));
  FeatureHeader h;
  h.major = static_cast<int>(major);
  if (h5::has_attr(f, s::kAttrFormatMinor))
    h.minor = static_cast<int>(h5::read_int_attr(f, s::kAttrFormatMinor, path));
  h.num_vertices = h5::read_uint_attr(f, s::kAttrNumVertices, path);
  if (h5::has_attr(f, s::kAttrFingerprint))
    h.fingerprint = h5::read_string_attr(f, s::kAttrFingerprint, path);
  return h;
}

void check_feature_file_in_sandbox(const std::string& path, const engine::Comm& comm) {
  if (!input_sandbox_enabled()) return;
  check_in_input_sandbox(path, comm, [&] {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return;
    h5::Id f = h5::open_serial(path);
    (void)read_feature_header(f.get(), path);
    h5::probe_file(f.get(), path);
  });
}

}  // namespace nexus::io
