// Tasks: one algorithm run over a loaded graph, producing one feature dataset and a summary for
// the report. make_task reads the task's parameters from a ParamMap (the same keys whether they
// come from the command line or a job file) and rejects unknown keys before any graph is loaded.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/checkpoint.hpp"
#include "engine/comm.hpp"
#include "io/feature_file.hpp"
#include "jobs/json.hpp"
#include "jobs/loaded_graph.hpp"
#include "jobs/params.hpp"

namespace nexus::jobs {

// A further 1-D int64 feature a task writes next to its own (e.g. Louvain's levels), as
// /features/<dataset>_<suffix>.
struct ExtraFeature {
  std::string suffix;
  std::vector<std::int64_t> i64;
  io::Attributes attrs;
};

struct TaskOutput {
  enum class Kind { kFloat64, kInt64, kFloat32Matrix } kind = Kind::kFloat64;
  std::vector<double> f64;        // 1-D float64 feature (owned rows), or
  std::vector<std::int64_t> i64;  // 1-D int64 feature, or
  std::vector<float> f32;         // 2-D float32 feature with `cols` columns
  std::size_t cols = 0;
  io::Attributes attrs;  // algorithm and parameters, stored on the dataset
  std::vector<ExtraFeature> extra;
  Json summary = Json::object();  // for the report
  std::string headline;           // one line for the terminal summary
  bool verify_failed = false;
  std::string verify_message;
};

struct Task {
  std::string algorithm;
  std::string dataset;  // feature name under /features
  bool needs_weights = false;
  Json params = Json::object();  // effective parameters
  // `checkpointer` is null unless the job checkpoints (iterative tasks pass it to the algorithm).
  std::function<TaskOutput(const LoadedGraph&, const engine::Comm&, bool verify,
                           engine::Checkpointer* checkpointer)>
      run;
  // Tasks that can compute their columns in blocks (FastRP): the memory check sets the block width
  // it chose to fit the memory limit (the result does not change). Null for the others.
  std::function<void(int block_columns)> set_block_columns;
};

// Known algorithms, for help texts.
std::vector<std::string> task_algorithms();

// Throws UsageError for an unknown algorithm, unknown keys or bad values.
Task make_task(const std::string& algorithm, ParamMap& params);

// `nexus reorder` as tasks, for its memory check and `nexus estimate GRAPH.h5 reorder`: Louvain
// with its levels (params: resolution, seed, weighted), then the rewrite, a task named "reorder"
// that is never run, only modelled (memory_model.cpp).
std::vector<Task> reorder_tasks(ParamMap& params);

// Each algorithm's factory (one file per algorithm: task_<algorithm>.cpp).
Task make_pagerank_task(ParamMap& params);
Task make_fastrp_task(ParamMap& params);
Task make_spectral_task(ParamMap& params);
Task make_wcc_task(ParamMap& params);
Task make_louvain_task(ParamMap& params);
Task make_leiden_task(ParamMap& params);

}  // namespace nexus::jobs
