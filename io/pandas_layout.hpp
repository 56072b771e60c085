// The metadata that makes a compound HDF5 dataset a pandas "frame_table" (PyTables' TABLE class
// plus pandas' HDFStore group attributes), written from C++. Some pandas attributes are Python
// objects that PyTables stores as protocol-0 pickles (ASCII text ending in '.'); pickle_* build
// them. Layout and the attribute list: docs/formats.md, "pandas export".
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace nexus::io::pandas {

// One field of the table after `index`: values_block_<k>, an HDF5 array [columns.size()] of
// `base` (an integer, float or fixed-length string type).
struct Block {
  std::vector<std::string> columns;  // DataFrame column names, in order
  hid_t base = -1;                   // not owned
  std::string dtype;                 // pandas' name: "float64", "int64", "bytes24", ...
};

// Protocol-0 pickle text of a str, and of a list of str (values end without the final '.').
std::string pickle_str(const std::string& utf8);
std::string pickle_str_list(const std::vector<std::string>& items);

// Writes pandas' attributes on `group` (the HDFStore key) and PyTables' TABLE attributes on
// `table` (the compound dataset `group`/table with fields index, values_block_0, ...). Parallel
// files: every rank calls with identical arguments.
void write_table_metadata(hid_t group, hid_t table, const std::vector<Block>& blocks,
                          std::uint64_t rows, const std::string& index_name,
                          const std::string& path);

}  // namespace nexus::io::pandas
