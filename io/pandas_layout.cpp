// pandas/PyTables table metadata (pandas 1.x HDFStore "frame_table", PyTables TABLE 2.7). Python
// objects (lists, tuples, dicts, None) become protocol-0 pickles as PyTables writes them: ASCII
// with MARK '(' ... LIST 'l' / TUPLE 't' / DICT 'd', INT 'I<n>\n', UNICODE 'V<escaped>\n',
// None 'N', STOP '.'. Non-ASCII and control characters are written as \uXXXX escapes.
#include "io/pandas_layout.hpp"

#include <cstdio>

#include "io/hdf5_util.hpp"

namespace nexus::io::pandas {
namespace {

// Decodes one UTF-8 sequence at s[i] (invalid bytes read as Latin-1) and advances i.
std::uint32_t next_code_point(const std::string& s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  std::uint32_t cp = extra == 0 ? b : (b & (0x3F >> extra));
  for (int k = 1; k <= extra; ++k) {
    if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
      ++i;
      return b;  // not valid UTF-8: the byte alone
    }
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += 1 + extra;
  return cp;
}

std::string pickle_int(long long v) {
  return "I" + std::to_string(v) + "\n";
}

void write_text_attr(hid_t obj, const std::string& name, const std::string& text, bool ascii,
                     const std::string& path) {
  const std::string what = path + ": writing attribute " + name;
  h5::Id t(h5::check(H5Tcopy(H5T_C_S1), what));
  h5::check_status(H5Tset_size(t.get(), std::max<std::size_t>(text.size(), 1)), what);
  h5::check_status(H5Tset_strpad(t.get(), H5T_STR_NULLTERM), what);
  h5::check_status(H5Tset_cset(t.get(), ascii ? H5T_CSET_ASCII : H5T_CSET_UTF8), what);
  h5::Id space(h5::check(H5Screate(H5S_SCALAR), what));
  h5::Id attr(h5::check(
      H5Acreate2(obj, name.c_str(), t.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), what));
  std::string buf = text;
  buf.resize(std::max<std::size_t>(text.size(), 1), '\0');
  h5::check_status(H5Awrite(attr.get(), t.get(), buf.data()), what);
}

void write_pickle_attr(hid_t obj, const std::string& name, const std::string& pickle,
                       const std::string& path) {
  write_text_attr(obj, name, pickle + ".", true, path);
}

// A scalar attribute of `type` holding zero bytes (PyTables' FIELD_<k>_FILL).
void write_zero_attr(hid_t obj, const std::string& name, hid_t type, const std::string& path) {
  const std::string what = path + ": writing attribute " + name;
  h5::Id space(h5::check(H5Screate(H5S_SCALAR), what));
  h5::Id attr(
      h5::check(H5Acreate2(obj, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), what));
  std::vector<char> zero(H5Tget_size(type), '\0');
  h5::check_status(H5Awrite(attr.get(), type, zero.data()), what);
}

}  // namespace

std::string pickle_str(const std::string& utf8) {
  std::string out = "V";
  for (std::size_t i = 0; i < utf8.size();) {
    const std::uint32_t cp = next_code_point(utf8, i);
    if (cp >= 0x20 && cp < 0x7F && cp != '\\') {
      out += static_cast<char>(cp);
      continue;
    }
    char buf[16];
    if (cp <= 0xFFFF)
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
    else
      std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(cp));
    out += buf;
  }
  return out + "\n";
}

std::string pickle_str_list(const std::vector<std::string>& items) {
  std::string out = "(";
  for (const auto& s : items) out += pickle_str(s);
  return out + "l";
}

void write_table_metadata(hid_t group, hid_t table, const std::vector<Block>& blocks,
                          std::uint64_t rows, const std::string& index_name,
                          const std::string& path) {
  std::vector<std::string> fields, columns;
  std::string info_blocks;
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    fields.push_back("values_block_" + std::to_string(k));
    columns.insert(columns.end(), blocks[k].columns.begin(), blocks[k].columns.end());
    info_blocks += pickle_str(fields.back()) + "(d";
  }
  // HDFStore group: what kind of object, its axes and how to decode it.
  write_text_attr(group, "pandas_type", "frame_table", false, path);
  write_text_attr(group, "pandas_version", "0.15.2", false, path);
  write_text_attr(group, "table_type", "appendable_frame", false, path);
  write_text_attr(group, "encoding", "UTF-8", false, path);
  write_text_attr(group, "errors", "strict", false, path);
  write_text_attr(group, "nan_rep", "nan", false, path);
  h5::write_attr(group, "levels", std::int64_t{1});
  write_pickle_attr(group, "index_cols", "((" + pickle_int(0) + pickle_str("index") + "tl", path);
  write_pickle_attr(group, "values_cols", pickle_str_list(fields), path);
  write_pickle_attr(group, "non_index_axes", "((" + pickle_int(1) + pickle_str_list(columns) + "tl",
                    path);
  write_pickle_attr(group, "data_columns", "(l", path);
  write_pickle_attr(group, "info",
                    "(" + pickle_int(1) + "(" + pickle_str("names") + "(Nl" + pickle_str("type") +
                        pickle_str("Index") + "d" + pickle_str("index") + "(" +
                        pickle_str("index_name") + pickle_str(index_name) + "d" + info_blocks + "d",
                    path);
  // PyTables TABLE: class, version, row count, and each field's name and fill value.
  write_text_attr(table, "CLASS", "TABLE", false, path);
  write_text_attr(table, "VERSION", "2.7", false, path);
  write_text_attr(table, "TITLE", "", false, path);
  h5::write_attr(table, "NROWS", static_cast<std::int64_t>(rows));
  write_text_attr(table, "FIELD_0_NAME", "index", false, path);
  write_zero_attr(table, "FIELD_0_FILL", H5T_NATIVE_INT64, path);
  write_text_attr(table, "index_kind", "integer", false, path);
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    const std::string f = "FIELD_" + std::to_string(k + 1);
    write_text_attr(table, f + "_NAME", fields[k], false, path);
    write_zero_attr(table, f + "_FILL", blocks[k].base, path);
    write_text_attr(table, fields[k] + "_dtype", blocks[k].dtype, false, path);
    write_pickle_attr(table, fields[k] + "_kind", pickle_str_list(blocks[k].columns), path);
    write_pickle_attr(table, fields[k] + "_meta", "N", path);
  }
}

}  // namespace nexus::io::pandas
