// The task registry.
#include "jobs/task.hpp"

#include "engine/error.hpp"

namespace nexus::jobs {

std::vector<std::string> task_algorithms() {
  return {"pagerank", "fastrp", "spectral", "wcc", "louvain", "leiden"};
}

Task make_task(const std::string& algorithm, ParamMap& params) {
  Task t;
  if (algorithm == "pagerank")
    t = make_pagerank_task(params);
  else if (algorithm == "fastrp")
    t = make_fastrp_task(params);
  else if (algorithm == "spectral")
    t = make_spectral_task(params);
  else if (algorithm == "wcc")
    t = make_wcc_task(params);
  else if (algorithm == "louvain")
    t = make_louvain_task(params);
  else if (algorithm == "leiden")
    t = make_leiden_task(params);
  else
    throw UsageError(params.context() + ": unknown algorithm '" + algorithm + "'");
  t.dataset = params.get_string("name", t.algorithm);
  if (t.dataset.empty() || t.dataset.find('/') != std::string::npos)
    throw UsageError(params.context() + ": 'name' must be a non-empty name without '/'");
  params.check_all_used();
  t.params = params.effective();
  return t;
}

std::vector<Task> reorder_tasks(ParamMap& params) {
  params.set("levels", true);
  Task rewrite;
  rewrite.algorithm = rewrite.dataset = "reorder";
  return {make_task("louvain", params), rewrite};
}

}  // namespace nexus::jobs
