// The PageRank task: parameters, run, optional verification, top-10 summary.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "algorithms/pagerank/pagerank.hpp"
#include "engine/error.hpp"
#include "engine/log.hpp"
#include "jobs/task.hpp"

namespace nexus::jobs {
namespace {

std::string sci(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

struct Ranked {
  double score;
  engine::GlobalVertex global;
  char id[56];
};

// The ten highest scores over all ranks (ties by global id), with original ids: a bounded
// selection per rank (no per-vertex copies), then the ranks' candidates gathered.
Json top_ten(const LoadedGraph& lg, const engine::VertexArray<double>& scores,
             const engine::Comm& comm) {
  const auto& g = lg.graph;
  auto better = [](const Ranked& a, const Ranked& b) {
    return a.score != b.score ? a.score > b.score : a.global < b.global;
  };
  std::vector<Ranked> best;  // a heap whose front is the worst of the kept ones
  for (engine::LocalVertex v = 0; v < g.num_owned(); ++v) {
    const Ranked r{scores[v], g.to_global(v), {}};
    if (best.size() == 10 && !better(r, best.front())) continue;
    best.push_back(r);
    std::push_heap(best.begin(), best.end(), better);
    if (best.size() > 10) {
      std::pop_heap(best.begin(), best.end(), better);
      best.pop_back();
    }
  }
  for (auto& r : best) {
    const auto v = static_cast<engine::LocalVertex>(r.global - g.first_owned());
    std::strncpy(r.id, original_id(lg, v).c_str(), sizeof r.id - 1);
  }
  auto all = comm.allgatherv(best);
  std::sort(all.begin(), all.end(), better);
  Json out = Json::array();
  for (std::size_t i = 0; i < std::min<std::size_t>(10, all.size()); ++i) {
    Json row = Json::object();
    row["id"] = std::string(all[i].id);
    row["score"] = all[i].score;
    out.push_back(row);
  }
  return out;
}

}  // namespace

Task make_pagerank_task(ParamMap& params) {
  algo::PageRankParams p;
  p.damping = params.get_double("damping", p.damping);
  p.tolerance = params.get_double("tolerance", p.tolerance);
  p.max_iterations = static_cast<int>(params.get_int("max_iterations", p.max_iterations));
  p.weighted = params.get_bool("weighted", p.weighted);
  const auto sources = params.get_list("sources");
  if (!(p.damping >= 0 && p.damping < 1))
    throw UsageError(params.context() + ": 'damping' must be in [0, 1)");
  if (p.tolerance < 0) throw UsageError(params.context() + ": 'tolerance' must be >= 0");
  if (p.max_iterations < 1) throw UsageError(params.context() + ": 'max_iterations' must be >= 1");
  Task t;
  t.algorithm = "pagerank";
  t.needs_weights = p.weighted;
  t.run = [p, sources](const LoadedGraph& lg, const engine::Comm& comm, bool verify,
                       engine::Checkpointer* checkpointer) mutable {
    p.sources = resolve_original_ids(lg, sources, comm);
    p.checkpointer = checkpointer;
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = algo::pagerank(lg.graph, comm, p);
    const double seconds =
        comm.max(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    TaskOutput out;
    if (!r.converged && p.tolerance > 0)
      engine::warn(comm, "pagerank did not converge in " + std::to_string(r.iterations) +
                             " iterations (last L1 change " + sci(r.last_change) + ", tolerance " +
                             sci(p.tolerance) + ")");
    engine::info(comm, "pagerank: " + std::to_string(r.iterations) + " iterations, L1 change " +
                           sci(r.last_change));
    if (verify) {
      const auto check = algo::verify_pagerank(lg.graph, comm, p, r);
      out.summary["verify"] = check.ok ? "passed" : "FAILED: " + check.message;
      out.summary["verify_residual"] = check.residual;
      out.verify_failed = !check.ok;
      out.verify_message = check.message;
    }
    out.f64.assign(r.scores.owned().begin(), r.scores.owned().end());
    out.summary["iterations"] = r.iterations;
    out.summary["converged"] = r.converged;
    out.summary["last_change"] = r.last_change;
    out.summary["seconds"] = seconds;
    out.summary["seconds_per_iteration"] = seconds / r.iterations;
    out.summary["arcs_per_second"] =
        static_cast<double>(lg.metrics.total_arcs) * r.iterations / seconds;
    out.summary["top10"] = top_ten(lg, r.scores, comm);
    out.headline = std::to_string(r.iterations) + " iterations, " +
                   (r.converged ? "converged" : "NOT converged") + " (L1 change " +
                   sci(r.last_change) + ")" +
                   (verify ? std::string(", verify ") + (out.verify_failed ? "FAILED" : "passed")
                           : std::string());
    out.attrs = {{"algorithm", std::string("pagerank")},
                 {"damping", p.damping},
                 {"tolerance", p.tolerance},
                 {"max_iterations", std::int64_t{p.max_iterations}},
                 {"weighted", std::int64_t{p.weighted}},
                 {"iterations", std::int64_t{r.iterations}},
                 {"converged", std::int64_t{r.converged}}};
    return out;
  };
  return t;
}

}  // namespace nexus::jobs
