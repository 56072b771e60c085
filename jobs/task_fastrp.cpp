// The FastRP task: parameters (defaults from algo::FastRPParams), run with the original ids as
// the random-vector keys, optional verification, float32 [N, dim] output with its parameters.
#include <algorithm>
#include <cmath>
#include <memory>

#include "algorithms/embedding/fastrp.hpp"
#include "engine/error.hpp"
#include "engine/log.hpp"
#include "jobs/embedding_task_util.hpp"
#include "jobs/params.hpp"
#include "jobs/task.hpp"

namespace nexus::jobs {
namespace {

std::string join(const std::vector<double>& xs) {
  std::string s;
  for (double x : xs) s += (s.empty() ? "" : ",") + shortest_text(x);
  return s;
}

algo::FastRPParams fastrp_params(ParamMap& params) {
  algo::FastRPParams p;
  p.dim = static_cast<int>(params.get_int("dim", p.dim));
  p.iteration_weights = get_numbers(params, "iteration_weights", p.iteration_weights);
  p.normalization_strength = params.get_double("normalization_strength", p.normalization_strength);
  p.self_influence = params.get_double("self_influence", p.self_influence);
  p.sparsity = params.get_double("sparsity", p.sparsity);
  p.seed = static_cast<std::uint64_t>(params.get_int("seed", static_cast<std::int64_t>(p.seed)));
  p.weighted = params.get_bool("weighted", p.weighted);
  p.standardize = params.get_bool("standardize", p.standardize);
  p.normalize_iterations = params.get_bool("normalize_iterations", p.normalize_iterations);
  const std::int64_t block_columns = params.get_int("block_columns", p.block_columns);
  if (p.dim < 1 || p.dim > 65536)
    throw UsageError(params.context() + ": 'dim' must be in [1, 65536]");
  if (p.iteration_weights.empty())
    throw UsageError(params.context() + ": 'iteration_weights' needs at least one weight");
  if (!(p.sparsity >= 1)) throw UsageError(params.context() + ": 'sparsity' must be >= 1");
  if (block_columns < 0)
    throw UsageError(params.context() + ": 'block_columns' must be >= 0 (0: automatic)");
  p.block_columns = static_cast<int>(std::min<std::int64_t>(block_columns, p.dim));
  return p;
}

}  // namespace

Task make_fastrp_task(ParamMap& params) {
  // Shared with set_block_columns, through which the memory check may choose column blocks.
  const auto shared = std::make_shared<algo::FastRPParams>(fastrp_params(params));
  Task t;
  t.algorithm = "fastrp";
  t.needs_weights = shared->weighted;
  t.set_block_columns = [shared](int b) { shared->block_columns = b; };
  t.run = [shared](const LoadedGraph& lg, const engine::Comm& comm, bool verify,
                   engine::Checkpointer* checkpointer) {
    algo::FastRPParams p = *shared;
    const auto keys = embedding_keys(lg);
    p.checkpointer = checkpointer;
    auto e = algo::fastrp(lg.graph, comm, p, keys);
    engine::info(comm, "fastrp: " + std::to_string(p.dim) + " dimensions, " +
                           std::to_string(p.iteration_weights.size()) + " iterations");
    TaskOutput out = embedding_output(lg.graph, comm, std::move(e), verify, p.weighted);
    out.summary["iterations"] = static_cast<std::int64_t>(p.iteration_weights.size());
    out.summary["block_columns"] =
        static_cast<std::int64_t>(p.block_columns > 0 ? std::min(p.block_columns, p.dim) : p.dim);
    out.attrs = {{"algorithm", std::string("fastrp")},
                 {"dim", std::int64_t{p.dim}},
                 {"iteration_weights", join(p.iteration_weights)},
                 {"normalization_strength", p.normalization_strength},
                 {"self_influence", p.self_influence},
                 {"sparsity", p.sparsity},
                 {"seed", static_cast<std::int64_t>(p.seed)},
                 {"weighted", std::int64_t{p.weighted}},
                 {"standardize", std::int64_t{p.standardize}},
                 {"normalize_iterations", std::int64_t{p.normalize_iterations}},
                 {"directed_as", std::string("undirected (A + A^T)")}};
    return out;
  };
  return t;
}

}  // namespace nexus::jobs
