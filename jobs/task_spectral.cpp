// The spectral (ProNE-style) embedding task: parameters (defaults from algo::SpectralParams), run
// with the original ids as the random keys, optional verification, float32 [N, dim] output.
#include "algorithms/embedding/spectral.hpp"
#include "engine/error.hpp"
#include "engine/log.hpp"
#include "jobs/embedding_task_util.hpp"
#include "jobs/task.hpp"

namespace nexus::jobs {
namespace {

algo::SpectralParams spectral_params(ParamMap& params) {
  algo::SpectralParams p;
  p.dim = static_cast<int>(params.get_int("dim", p.dim));
  p.steps = static_cast<int>(params.get_int("steps", p.steps));
  p.theta = params.get_double("theta", p.theta);
  p.mu = params.get_double("mu", p.mu);
  p.seed = static_cast<std::uint64_t>(params.get_int("seed", static_cast<std::int64_t>(p.seed)));
  p.oversampling = static_cast<int>(params.get_int("oversampling", p.oversampling));
  p.power_iterations = static_cast<int>(params.get_int("power_iterations", p.power_iterations));
  p.weighted = params.get_bool("weighted", p.weighted);
  const std::string& c = params.context();
  if (p.dim < 1 || p.dim > 65536) throw UsageError(c + ": 'dim' must be in [1, 65536]");
  if (p.steps < 1) throw UsageError(c + ": 'steps' must be >= 1");
  if (!(p.theta > 0)) throw UsageError(c + ": 'theta' must be > 0");
  if (p.oversampling < 0) throw UsageError(c + ": 'oversampling' must be >= 0");
  if (p.power_iterations < 0) throw UsageError(c + ": 'power_iterations' must be >= 0");
  return p;
}

}  // namespace

Task make_spectral_task(ParamMap& params) {
  algo::SpectralParams p = spectral_params(params);
  Task t;
  t.algorithm = "spectral";
  t.needs_weights = p.weighted;
  t.run = [p](const LoadedGraph& lg, const engine::Comm& comm, bool verify,
              engine::Checkpointer* checkpointer) mutable {
    const auto keys = embedding_keys(lg);
    p.checkpointer = checkpointer;
    auto e = algo::spectral(lg.graph, comm, p, keys);
    engine::info(comm, "spectral: " + std::to_string(p.dim) + " dimensions, " +
                           std::to_string(p.steps) + " Chebyshev steps");
    TaskOutput out = embedding_output(lg.graph, comm, std::move(e), verify, p.weighted);
    out.attrs = {{"algorithm", std::string("spectral (ProNE)")},
                 {"dim", std::int64_t{p.dim}},
                 {"steps", std::int64_t{p.steps}},
                 {"theta", p.theta},
                 {"mu", p.mu},
                 {"seed", static_cast<std::int64_t>(p.seed)},
                 {"oversampling", std::int64_t{p.oversampling}},
                 {"power_iterations", std::int64_t{p.power_iterations}},
                 {"weighted", std::int64_t{p.weighted}},
                 {"directed_as", std::string("undirected (A + A^T)")},
                 {"row_normalization", std::string("l2")}};
    return out;
  };
  return t;
}

}  // namespace nexus::jobs
