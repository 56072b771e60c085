// The WCC task (/features/wcc, int64 component ids ordered by smallest vertex): component count
// and size distribution in the report; --verify checks the spanning-forest certificate.
#include "algorithms/community/wcc.hpp"
#include "engine/error.hpp"
#include "engine/log.hpp"
#include "jobs/task_community.hpp"

namespace nexus::jobs {

Task make_wcc_task(ParamMap& params) {
  algo::WccParams p;
  p.max_iterations = static_cast<int>(params.get_int("max_iterations", p.max_iterations));
  params.get_int("seed", 1);  // accepted for a uniform command line; WCC is not randomised
  if (p.max_iterations < 0) throw UsageError(params.context() + ": 'max_iterations' must be >= 0");
  Task t;
  t.algorithm = "wcc";
  // Not checkpointed: WCC is short (rounds ~ diameter); a resumed job reruns it unless it
  // completed.
  t.run = [p](const LoadedGraph& lg, const engine::Comm& comm, bool verify, engine::Checkpointer*) {
    const auto r = algo::wcc(lg.graph, comm, p);
    TaskOutput out;
    out.kind = TaskOutput::Kind::kInt64;
    out.i64 = r.component;
    out.summary["components"] = sizes_summary(r.sizes);
    out.summary["iterations"] = r.iterations;
    out.summary["converged"] = r.converged;
    out.headline = std::to_string(r.sizes.count) + " components, largest " +
                   std::to_string(r.sizes.largest.empty() ? 0 : r.sizes.largest[0]) + ", " +
                   std::to_string(r.iterations) + " rounds";
    if (!r.converged) engine::warn(comm, "wcc stopped at max_iterations before converging");
    if (verify) {
      const auto check = algo::verify_wcc(lg.graph, comm, r);
      out.summary["verify"] = check.ok ? "passed" : "FAILED: " + check.message;
      out.verify_failed = !check.ok;
      out.verify_message = check.message;
      out.headline += std::string(", verify ") + (check.ok ? "passed" : "FAILED");
    }
    out.attrs = {{"algorithm", std::string("wcc")},
                 {"num_components", static_cast<std::int64_t>(r.sizes.count)},
                 {"iterations", std::int64_t{r.iterations}}};
    return out;
  };
  return t;
}

}  // namespace nexus::jobs
