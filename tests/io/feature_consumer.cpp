// A feature-file consumer written as an outside program would be: links only the documented
// target nexus::feature_reader, no MPI_Init, no mpirun. `feature_consumer FILE FEATURE` prints
// "version M.m", "rows N", "node_id_sum S", "<dtype> <shape> sum <sum of values>"; on a reader
// error it prints the message and exits 3.
#include <cstdio>
#include <exception>
#include <numeric>
#include <string>

#include "io/feature_reader.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: feature_consumer FILE FEATURE\n");
    return 2;
  }
  try {
    const nexus::io::FeatureReader r(argv[1]);
    std::printf("version %d.%d\nrows %llu\n", r.format_version(), r.format_version_minor(),
                static_cast<unsigned long long>(r.num_vertices()));
    const auto ids = r.node_ids();
    std::printf("node_id_sum %lld\n",
                static_cast<long long>(std::accumulate(ids.begin(), ids.end(), 0LL)));
    for (const auto& f : r.features()) {
      if (f.name != argv[2]) continue;
      double sum = 0;
      if (f.dtype == "float64") {
        for (double x : r.read_float64(f.name)) sum += x;
      } else if (f.dtype == "int64") {
        for (auto x : r.read_int64(f.name)) sum += static_cast<double>(x);
      } else {
        std::size_t cols = 0;
        for (float x : r.read_float32(f.name, &cols)) sum += x;
      }
      std::printf("%s %s sum %.17g\n", f.dtype.c_str(), f.shape.size() == 1 ? "[N]" : "[N,d]", sum);
      return 0;
    }
    std::fprintf(stderr, "%s: no feature %s\n", argv[1], argv[2]);
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 3;
  }
}
