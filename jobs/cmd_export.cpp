// `nexus export FEATURES.h5 --format pandas -o OUT.h5`: rewrites a feature file in the layout
// pandas.read_hdf reads (io/pandas_export.hpp). Runs on any number of ranks.
#include <cxxopts.hpp>

#include <chrono>
#include <cstdio>

#include "engine/error.hpp"
#include "io/pandas_export.hpp"
#include "jobs/commands.hpp"

namespace nexus::jobs {

int cmd_export(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  cxxopts::Options o("nexus export",
                     "Rewrite a feature file for other tools: --format pandas writes the PyTables "
                     "table that pandas.read_hdf(OUT) loads as a DataFrame indexed by node_id.");
  o.add_options()("features", "feature file (HDF5, from a nexus job)",
                  cxxopts::value<std::string>())("format", "pandas (the only format)",
                                                 cxxopts::value<std::string>())(
      "o,output", "file to write", cxxopts::value<std::string>())(
      "buffer-mb", "rows buffered per rank per step, in MB (default 64)", cxxopts::value<double>())(
      "h,help", "show this help");
  o.parse_positional({"features"});
  o.positional_help("FEATURES.h5");
  const auto args = o.parse(argc, argv);
  if (args.count("help")) {
    print0(rt, o.help());
    return 0;
  }
  if (!args.count("features")) throw UsageError("nexus export: no feature file given");
  if (!args.count("output")) throw UsageError("nexus export: no output given (-o OUT.h5)");
  const std::string format = args.count("format") ? args["format"].as<std::string>() : "";
  if (format != "pandas")
    throw UsageError("nexus export: --format must be pandas" +
                     (format.empty() ? std::string() : ", got '" + format + "'"));
  const std::string output = args["output"].as<std::string>();
  cleanup.paths.push_back(output);
  const auto t0 = std::chrono::steady_clock::now();
  const double mb = args.count("buffer-mb") ? args["buffer-mb"].as<double>() : 64.0;
  if (!(mb > 0)) throw UsageError("nexus export: --buffer-mb must be positive");
  const auto r = io::export_pandas(args["features"].as<std::string>(), output, rt.world(),
                                   static_cast<std::uint64_t>(mb * 1e6) + 1);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  char line[256];
  std::snprintf(line, sizeof line,
                "exported %llu rows x %zu columns (%.1f MB uncompressed) to %s in %.2f s "
                "(%.0f MB/s)\n",
                static_cast<unsigned long long>(r.rows), r.columns, r.table_bytes / 1e6,
                output.c_str(), s, s > 0 ? r.table_bytes / 1e6 / s : 0.0);
  print0(rt, line);
  return 0;
}

}  // namespace nexus::jobs
