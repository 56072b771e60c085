// Community tasks' shared pieces: parameters, summaries, and the Louvain/Leiden task body.
#include "jobs/task_community.hpp"

#include <cstdio>

#include "engine/error.hpp"
#include "engine/log.hpp"

namespace nexus::jobs {
namespace {

Json array_of(const auto& values) {
  Json a = Json::array();
  for (const auto& v : values) a.push_back(Json(v));
  return a;
}

std::string fixed(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", x);
  return buf;
}

}  // namespace

Json sizes_summary(const algo::CommunitySizes& s) {
  Json j = Json::object();
  j["count"] = s.count;
  j["largest"] = array_of(s.largest);
  j["histogram_log2"] = array_of(s.histogram);
  return j;
}

template <class P>
P read_modularity_params(ParamMap& params, P p) {
  p.resolution = params.get_double("resolution", p.resolution);
  p.weighted = params.get_bool("weighted", p.weighted);
  p.tolerance = params.get_double("tolerance", p.tolerance);
  p.max_levels = static_cast<int>(params.get_int("max_levels", p.max_levels));
  p.max_iterations = static_cast<int>(params.get_int("max_iterations", p.max_iterations));
  p.sub_rounds = static_cast<int>(params.get_int("sub_rounds", p.sub_rounds));
  p.seed = static_cast<std::uint64_t>(params.get_int("seed", static_cast<std::int64_t>(p.seed)));
  p.max_passes = static_cast<int>(params.get_int("max_passes", p.max_passes));
  p.pass_tolerance = params.get_double("pass_tolerance", p.pass_tolerance);
  p.keep_levels = params.get_bool("levels", p.keep_levels);
  const std::string& c = params.context();
  if (!(p.resolution > 0)) throw UsageError(c + ": 'resolution' must be > 0");
  if (p.tolerance < 0) throw UsageError(c + ": 'tolerance' must be >= 0");
  if (p.max_levels < 1) throw UsageError(c + ": 'max_levels' must be >= 1");
  if (p.max_iterations < 1) throw UsageError(c + ": 'max_iterations' must be >= 1");
  if (p.max_passes < 1) throw UsageError(c + ": 'max_passes' must be >= 1");
  if (p.pass_tolerance < 0) throw UsageError(c + ": 'pass_tolerance' must be >= 0");
  if (p.sub_rounds < 1 || p.sub_rounds > 64) throw UsageError(c + ": 'sub_rounds' must be 1..64");
  return p;
}

template algo::LouvainParams read_modularity_params(ParamMap&, algo::LouvainParams);
template algo::LeidenParams read_modularity_params(ParamMap&, algo::LeidenParams);

namespace {

// With --levels: /features/<name>_level_<k>, the communities after local moving on level k.
void add_levels(TaskOutput& out, const std::string& algorithm, const algo::CommunityResult& r,
                double resolution) {
  for (std::size_t k = 0; k < r.level_community.size(); ++k)
    out.extra.push_back({"level_" + std::to_string(k),
                         r.level_community[k],
                         {{"algorithm", algorithm},
                          {"resolution", resolution},
                          {"level", static_cast<std::int64_t>(k)},
                          {"modularity", r.level_modularity[k]},
                          {"num_communities", static_cast<std::int64_t>(r.level_communities[k])}}});
}

TaskOutput community_output(const std::string& algorithm, const algo::CommunityResult& r,
                            double resolution) {
  TaskOutput out;
  out.kind = TaskOutput::Kind::kInt64;
  out.i64 = r.community;
  out.summary["modularity"] = r.modularity;
  out.summary["modularity_per_level"] = array_of(r.level_modularity);
  out.summary["communities_per_level"] = array_of(r.level_communities);
  out.summary["rounds_per_level"] = array_of(r.level_rounds);
  out.summary["levels"] = r.levels;
  out.summary["modularity_per_pass"] = array_of(r.pass_modularity);
  out.summary["converged"] = r.converged;
  out.summary["communities"] = sizes_summary(r.sizes);
  out.headline = std::to_string(r.sizes.count) + " communities, modularity " + fixed(r.modularity) +
                 ", " + std::to_string(r.levels) + " levels";
  out.attrs = {{"algorithm", algorithm},
               {"resolution", resolution},
               {"modularity", r.modularity},
               {"num_communities", static_cast<std::int64_t>(r.sizes.count)},
               {"levels", std::int64_t{r.levels}}};
  return out;
}

template <class P, class Run>
Task modularity_task(const std::string& algorithm, const P& p, Run run) {
  Task t;
  t.algorithm = algorithm;
  t.needs_weights = p.weighted;
  t.run = [p, run, algorithm](const LoadedGraph& lg, const engine::Comm& comm, bool verify,
                              engine::Checkpointer* checkpointer) {
    P with_checkpoints = p;
    with_checkpoints.checkpointer = checkpointer;
    const auto r = run(lg.graph, comm, with_checkpoints);
    engine::info(comm, algorithm + ": " + std::to_string(r.sizes.count) +
                           " communities, Q = " + fixed(r.modularity));
    TaskOutput out = community_output(algorithm, r, p.resolution);
    if (p.keep_levels) {
      if (r.level_community.size() == r.level_modularity.size())
        add_levels(out, algorithm, r, p.resolution);
      else  // resumed from a checkpoint written without --levels (or by an older nexus)
        engine::warn(comm, algorithm + ": --levels after --resume: the checkpoint holds no " +
                               "level communities (written without --levels?); no level " +
                               "datasets written");
    }
    if (verify) {
      const auto check = algo::verify_communities(lg.graph, comm, p.resolution, p.weighted, r,
                                                  algorithm == "leiden");
      out.summary["verify"] = check.ok ? "passed" : "FAILED: " + check.message;
      out.summary["verify_best_move_gain"] = check.best_move_gain;
      out.verify_failed = !check.ok;
      out.verify_message = check.message;
      out.headline += std::string(", verify ") + (check.ok ? "passed" : "FAILED");
    }
    return out;
  };
  return t;
}

}  // namespace

Task make_modularity_task(const std::string& algorithm, ParamMap& params) {
  if (algorithm == "louvain")
    return modularity_task(
        algorithm, read_modularity_params(params, algo::LouvainParams{}),
        [](const auto& g, const auto& c, const auto& p) { return algo::louvain(g, c, p); });
  return modularity_task(
      algorithm, read_modularity_params(params, algo::LeidenParams{}),
      [](const auto& g, const auto& c, const auto& p) { return algo::leiden(g, c, p); });
}

}  // namespace nexus::jobs
