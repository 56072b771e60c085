// guess_format (declared in io/import.hpp): the text format from the file name.
#include "io/import.hpp"

namespace nexus::io {

TextFormat guess_format(const std::string& path) {
  std::string_view name = path;
  if (name.ends_with(".gz")) name.remove_suffix(3);
  if (name.ends_with(".mtx") || name.ends_with(".mm")) return TextFormat::kMatrixMarket;
  if (name.ends_with(".csv")) return TextFormat::kCsv;
  if (name.ends_with(".tsv")) return TextFormat::kTsv;
  return TextFormat::kSnap;
}

}  // namespace nexus::io
