// read_feature_header: nexus_format, format_version (major) and format_version_minor checks.
#include "io/feature_header.hpp"

#include "engine/error.hpp"
#include "io/hdf5_util.hpp"
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

}  // namespace nexus::io
