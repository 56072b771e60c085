// export_pandas: every rank takes a contiguous run of whole output chunks, and in steps of at most
// `buffer_bytes` packs node_id and each feature's rows into compound records (one field per
// feature: an array of its columns), then writes them collectively (shuffle + gzip). Chunk-aligned
// row ranges mean every compressed chunk is written once, by one rank, in one step.
#include "io/pandas_export.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>

#include "engine/error.hpp"
#include "io/feature_header.hpp"
#include "io/hdf5_util.hpp"
#include "io/pandas_layout.hpp"
#include "io/partial_file.hpp"
#include "io/schema.hpp"

namespace nexus::io {
namespace {

namespace s = schema;

struct Column {
  std::string dataset;  // full path in the feature file
  h5::Id dset;
  h5::Id mem;  // native element type (or the file's fixed-length string type)
  std::size_t cols = 1, elem = 0, offset = 0;
  pandas::Block block;
};

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->push_back(name);
  return 0;
}

std::string pandas_dtype(hid_t native) {
  const std::string bits = std::to_string(H5Tget_size(native) * 8);
  if (H5Tget_class(native) == H5T_STRING) return "bytes" + bits;
  if (H5Tget_class(native) == H5T_FLOAT) return "float" + bits;
  return (H5Tget_sign(native) == H5T_SGN_NONE ? "uint" : "int") + bits;
}

// Opens one dataset of the feature file as a table field; InputError for what pandas cannot hold.
Column open_column(hid_t file, const std::string& full, const std::string& column,
                   std::uint64_t rows, const std::string& path) {
  Column c;
  c.dataset = full;
  h5::Id dapl(h5::check(H5Pcreate(H5P_DATASET_ACCESS), path));  // keep chunks read in two steps
  h5::check_status(H5Pset_chunk_cache(dapl.get(), 521, 16u << 20, 0.75), path);
  c.dset = h5::Id(h5::check(H5Dopen2(file, full.c_str(), dapl.get()), path + ": opening " + full));
  const auto dims = h5::shape(c.dset.get());
  h5::Id type(h5::check(H5Dget_type(c.dset.get()), path + ": type of " + full));
  const H5T_class_t cls = H5Tget_class(type.get());
  const bool is_string = cls == H5T_STRING && H5Tis_variable_str(type.get()) <= 0;
  if (dims.empty() || dims.size() > 2 || dims[0] != rows || (dims.size() == 2 && dims[1] == 0) ||
      (cls != H5T_INTEGER && cls != H5T_FLOAT && !is_string))
    throw InputError(path + ": dataset " + full + " (" + h5::type_name(type.get()) +
                     ") is not a [N] or [N, d] number column; cannot export it");
  c.mem = is_string ? h5::Id(h5::check(H5Tcopy(type.get()), path))
                    : h5::Id(h5::check(H5Tget_native_type(type.get(), H5T_DIR_ASCEND), path));
  c.cols = dims.size() == 2 ? dims[1] : 1;
  c.elem = H5Tget_size(c.mem.get());
  c.block.base = c.mem.get();
  c.block.dtype = pandas_dtype(c.mem.get());
  if (dims.size() == 1) {
    c.block.columns = {column};
  } else {
    for (std::size_t j = 0; j < c.cols; ++j)
      c.block.columns.push_back(column + "_" + std::to_string(j));
  }
  return c;
}

std::vector<Column> open_columns(hid_t file, std::uint64_t rows, const std::string& path) {
  std::vector<Column> out;
  if (h5::exists(file, s::kNodeName))
    out.push_back(open_column(file, s::kNodeName, "node_name", rows, path));
  std::vector<std::string> names;
  if (h5::exists(file, s::kFeatureGroup)) {
    h5::Id g(h5::check(H5Gopen2(file, s::kFeatureGroup, H5P_DEFAULT), path + ": features"));
    h5::check_status(H5Literate(g.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_link, &names),
                     path + ": listing features");
  }
  if (names.empty()) throw InputError(path + ": no features to export");
  for (const auto& n : names)
    out.push_back(open_column(file, std::string(s::kFeatureGroup) + "/" + n, n, rows, path));
  std::set<std::string> seen{"node_id"};
  for (const auto& c : out)
    for (const auto& col : c.block.columns)
      if (!seen.insert(col).second)
        throw InputError(path + ": two features give the DataFrame column \"" + col + "\"");
  return out;
}

// Runs a step that may fail on some ranks only (a full disk shows up on the ranks that write);
// then every rank throws if any failed, so that none is left waiting in the next collective.
template <class F>
void guarded(const engine::Comm& comm, const std::string& what, F&& step) {
  std::exception_ptr err;
  try {
    step();
  } catch (...) {
    err = std::current_exception();
  }
  h5::agree(comm, err, what);
}

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
  return (a + b - 1) / b;
}

}  // namespace

PandasExportResult export_pandas(const std::string& features, const std::string& output,
                                 const engine::Comm& comm, std::uint64_t buffer_bytes) {
  h5::quiet();
  const std::string partial = output + ".partial";
  std::error_code ec;
  if (std::filesystem::equivalent(features, output, ec))
    throw UsageError(output + ": the export would overwrite its own input");
  check_feature_file_in_sandbox(features, comm);
  FeatureHeader header;
  std::exception_ptr err;
  try {  // every rank validates on its own, then all agree (no rank left in a collective)
    h5::Id f = h5::open_serial(features);
    header = read_feature_header(f.get(), features);
  } catch (...) {
    err = std::current_exception();
  }
  h5::agree(comm, err, features + ": another rank could not read it");
  const std::uint64_t n = header.num_vertices;
  h5::Id in = h5::open_parallel(features, comm);
  std::vector<Column> cols;
  err = nullptr;
  try {
    cols = open_columns(in.get(), n, features);
  } catch (...) {
    err = std::current_exception();
  }
  h5::agree(comm, err, features + ": another rank found it invalid");
  std::size_t record = 8;
  PandasExportResult result{n, 0, 0};
  for (auto& c : cols) {
    c.offset = record;
    record += c.elem * c.cols;
    result.columns += c.block.columns.size();
  }
  result.table_bytes = n * record;
  h5::Id rec(h5::check(H5Tcreate(H5T_COMPOUND, record), partial + ": record type"));
  h5::check_status(H5Tinsert(rec.get(), "index", 0, H5T_NATIVE_INT64), partial);
  for (std::size_t k = 0; k < cols.size(); ++k) {
    const hsize_t dim = cols[k].cols;
    h5::Id arr(h5::check(H5Tarray_create2(cols[k].mem.get(), 1, &dim), partial));
    h5::check_status(H5Tinsert(rec.get(), ("values_block_" + std::to_string(k)).c_str(),
                               cols[k].offset, arr.get()),
                     partial);
  }
  // Whole chunks per rank and per step.
  const std::uint64_t chunk = std::clamp<std::uint64_t>((4u << 20) / record, 1, 64 * 1024);
  const std::uint64_t nchunks = ceil_div(n, chunk), p = comm.size(), r = comm.rank();
  const std::uint64_t lo = std::min(n, nchunks * r / p * chunk);
  const std::uint64_t hi = std::min(n, nchunks * (r + 1) / p * chunk);
  const std::uint64_t step = chunk * std::max<std::uint64_t>(1, buffer_bytes / (chunk * record));
  const std::uint64_t steps = comm.max(ceil_div(hi - lo, step));
  const std::string failed = partial + ": another rank failed writing it";
  check_free_space(comm, partial, result.table_bytes + (1u << 20));
  h5::Id out;
  try {
    out = h5::create_parallel(partial, comm);
    h5::Id group, table, dxpl = h5::collective_transfer();
    guarded(comm, failed, [&] {
      group = h5::Id(
          h5::check(H5Gcreate2(out.get(), "/features", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                    partial + ": creating /features"));
      table =
          h5::create_dataset(out.get(), "/features/table", rec.get(), n, 0, chunk, true, partial);
    });
    h5::Id ids = h5::open_dataset(in.get(), s::kNodeId, features);
    std::vector<char> buf(std::min(step, std::max<std::uint64_t>(hi - lo, 1)) * record);
    std::vector<char> tmp;
    for (std::uint64_t st = 0; st < steps; ++st) {
      const std::uint64_t first = std::min(hi, lo + st * step);
      const std::uint64_t count = std::min(hi, first + step) - first;
      guarded(comm, failed, [&] {
        tmp.resize(count * 8);
        h5::read_rows(ids.get(), H5T_NATIVE_INT64, tmp.data(), first, count, dxpl.get(),
                      features + ": reading node_id");
        for (std::uint64_t i = 0; i < count; ++i) std::memcpy(&buf[i * record], &tmp[i * 8], 8);
        for (const auto& c : cols) {
          const std::size_t w = c.elem * c.cols;
          tmp.resize(count * w);
          h5::read_rows(c.dset.get(), c.mem.get(), tmp.data(), first, count, dxpl.get(),
                        features + ": reading " + c.dataset);
          for (std::uint64_t i = 0; i < count; ++i)
            std::memcpy(&buf[i * record + c.offset], &tmp[i * w], w);
        }
        h5::write_rows(table.get(), rec.get(), buf.data(), first, count, dxpl.get(),
                       partial + ": writing the table");
      });
    }
    std::vector<pandas::Block> blocks;
    for (const auto& c : cols) blocks.push_back(c.block);
    guarded(comm, failed, [&] {
      pandas::write_table_metadata(group.get(), table.get(), blocks, n, "node_id", partial);
      h5::write_attr(out.get(), "nexus_export_of", features);
      h5::write_attr(out.get(), s::kAttrFingerprint, header.fingerprint);
      h5::write_attr(out.get(), s::kAttrNexusVersion, std::string(NEXUS_VERSION));
    });
    table.reset();
    group.reset();
    dxpl.reset();
    close_partial(comm, partial, out);
    h5::rename_on_root(comm, partial, output);
  } catch (...) {
    discard_partial(comm, partial, out);  // every rank is here: each step above is agreed
    throw;
  }
  return result;
}

}  // namespace nexus::io
