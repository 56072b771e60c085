// import_to_slab: header, parallel parse, error agreement, relabelling, edge policies.
#include "io/text/import_pipeline.hpp"

#include "engine/error.hpp"
#include "io/text/edge_policies.hpp"
#include "io/text/parse_input.hpp"
#include "io/text/relabel.hpp"

namespace nexus::io::text {
namespace {

std::string describe(const std::string& input, TextFormat format, const ImportOptions& o,
                     bool directed) {
  std::string s = "import " + input + " --format " + format_name(format);
  if (!directed) s += " --undirected";
  if (o.one_based) s += " --one-based";
  if (o.weighted) s += " --weighted";
  if (o.string_ids) s += " --string-ids";
  if (o.header) s += *o.header ? " --header" : " --no-header";
  s += o.self_loops == SelfLoopPolicy::kDrop ? " --self-loops drop" : " --self-loops keep";
  const char* dup[] = {"keep", "drop", "sum"};
  s += std::string(" --duplicates ") + dup[static_cast<int>(o.duplicates)];
  return s;
}

// Reads the Matrix Market header on every rank and agrees on its failure.
MtxHeader read_header(const std::string& input, const ReadTuning& tuning,
                      const engine::Comm& comm) {
  MtxHeader h;
  LocalFailure failure;
  capture_failure(failure, [&] { h = read_mtx_header(input, tuning); });
  agree_on_failure(comm, input, failure, 0, 0);
  return h;
}

RawEdges parse_all(const std::string& input, const ParseSpec& spec, const ReadTuning& tuning,
                   const engine::Comm& comm) {
  const bool mtx = spec.format == TextFormat::kMatrixMarket;
  LocalFailure failure;
  std::unique_ptr<LineSource> src;
  capture_failure(failure, [&] {
    src = open_lines(input, mtx ? spec.mtx.data_offset : 0, comm.rank(), comm.size(), tuning);
  });
  RawEdges raw;
  if (src) raw = parse_share(spec, *src, src->absolute() || comm.rank() == 0, failure);
  const std::uint64_t owned = src && !src->absolute() ? src->owned_lines() : 0;
  agree_on_failure(comm, input, failure, owned, mtx ? spec.mtx.header_lines : 0);
  return raw;
}

void check_entry_count(const std::string& input, const MtxHeader& h, std::uint64_t found) {
  if (found == h.nnz) return;
  throw InputError(input + ": " + (found < h.nnz ? "truncated Matrix Market file: " : "") +
                   "the size line declares " + std::to_string(h.nnz) + " entries but " +
                   std::to_string(found) + " were found");
}

}  // namespace

const char* format_name(TextFormat format) {
  switch (format) {
    case TextFormat::kSnap:
      return "snap";
    case TextFormat::kCsv:
      return "csv";
    case TextFormat::kTsv:
      return "tsv";
    case TextFormat::kMatrixMarket:
      return "mtx";
  }
  return "?";
}

ParsedGraph import_to_slab(const std::string& input, const ImportOptions& options,
                           const engine::Comm& comm, const ReadTuning& tuning) {
  ParseSpec spec{options.format.value_or(guess_format(input)),
                 options.one_based,
                 options.weighted,
                 options.string_ids,
                 options.header,
                 {}};
  const bool mtx = spec.format == TextFormat::kMatrixMarket;
  bool directed = options.directed;
  if (mtx) {
    spec.mtx = read_header(input, tuning, comm);
    spec.weighted = !spec.mtx.pattern;  // the banner decides
    spec.string_ids = false;
    directed = directed && !spec.mtx.symmetric;
  }
  RawEdges raw = parse_all(input, spec, tuning, comm);
  ParsedGraph out;
  out.stats.lines = comm.sum<std::uint64_t>(raw.data_lines);
  out.stats.edges_read = out.stats.lines;
  out.stats.directed = directed;
  out.stats.input_bytes = file_size(input);
  if (mtx) check_entry_count(input, spec.mtx, out.stats.lines);
  Relabelled r =
      mtx ? relabel_dense_one_based(std::move(raw), std::max(spec.mtx.rows, spec.mtx.cols), comm)
      : spec.string_ids ? relabel_names(std::move(raw), comm)
                        : relabel_integer_ids(std::move(raw), comm);
  out.slab = std::move(r.slab);
  out.ids = std::move(r.ids);
  out.id_kind = spec.string_ids ? VertexIdKind::kName : VertexIdKind::kInteger;
  const PolicyCounts counts =
      apply_edge_policies(out.slab, directed, options.self_loops, options.duplicates, comm);
  out.stats.self_loops_dropped = counts.self_loops_dropped;
  out.stats.duplicates_dropped = counts.duplicates_dropped;
  out.stats.num_vertices = out.slab.num_vertices;
  out.stats.num_edges = out.slab.num_edges;
  out.source = describe(input, spec.format, options, directed);
  return out;
}

}  // namespace nexus::io::text
