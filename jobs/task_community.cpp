// Community tasks' shared pieces: parameters, summaries, and the Louvain/Leiden task body.
#include "jobs/task_community.hpp"

#include <cstdio>
#include <optional>

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
  const std::string& c = params.context();
  const std::string objective = params.get_string("objective", "modularity");
  if (objective == "cpm") {
    p.objective = algo::Objective::kCPM;
    // CPM at the default resolution 1 leaves an unweighted graph in singletons: no default.
    if (!params.has("resolution"))
      throw UsageError(c + ": objective 'cpm' needs a 'resolution' (the density a community " +
                       "must exceed, e.g. 0.05; at 1 every community of an unweighted graph " +
                       "is a single vertex)");
  } else if (objective != "modularity") {
    throw UsageError(c + ": 'objective' must be modularity or cpm, got '" + objective + "'");
  }
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

std::string objective_name(algo::Objective o) {
  return o == algo::Objective::kCPM ? "cpm" : "modularity";
}

// The name of the objective's value in reports and attributes: "modularity", or "quality" (CPM).
std::string quality_name(algo::Objective o) {
  return o == algo::Objective::kCPM ? "quality" : "modularity";
}

// With --levels: /features/<name>_level_<k>, the communities after local moving on level k.
void add_levels(TaskOutput& out, const std::string& algorithm, const algo::CommunityResult& r,
                double resolution, algo::Objective objective) {
  for (std::size_t k = 0; k < r.level_community.size(); ++k)
    out.extra.push_back({"level_" + std::to_string(k),
                         r.level_community[k],
                         {{"algorithm", algorithm},
                          {"objective", objective_name(objective)},
                          {"resolution", resolution},
                          {"level", static_cast<std::int64_t>(k)},
                          {quality_name(objective), r.level_modularity[k]},
                          {"num_communities", static_cast<std::int64_t>(r.level_communities[k])}}});
}

// Modularity objective: "modularity", "modularity_per_level", ...; CPM: "quality",
// "quality_per_level", ... and "modularity", the (resolution 1) modularity of the communities.
TaskOutput community_output(const std::string& algorithm, const algo::CommunityResult& r,
                            double resolution, algo::Objective objective,
                            std::optional<double> modularity) {
  const std::string q = quality_name(objective);
  TaskOutput out;
  out.kind = TaskOutput::Kind::kInt64;
  out.i64 = r.community;
  out.summary["objective"] = objective_name(objective);
  out.summary[q] = r.modularity;
  if (modularity) out.summary["modularity"] = *modularity;
  out.summary[q + "_per_level"] = array_of(r.level_modularity);
  out.summary["communities_per_level"] = array_of(r.level_communities);
  out.summary["rounds_per_level"] = array_of(r.level_rounds);
  out.summary["levels"] = r.levels;
  out.summary[q + "_per_pass"] = array_of(r.pass_modularity);
  out.summary["converged"] = r.converged;
  out.summary["communities"] = sizes_summary(r.sizes);
  out.headline =
      std::to_string(r.sizes.count) + " communities, " +
      (modularity ? "CPM quality " + fixed(r.modularity) + ", modularity " + fixed(*modularity)
                  : "modularity " + fixed(r.modularity)) +
      ", " + std::to_string(r.levels) + " levels";
  out.attrs = {{"algorithm", algorithm},
               {"objective", objective_name(objective)},
               {"resolution", resolution},
               {q, r.modularity},
               {"num_communities", static_cast<std::int64_t>(r.sizes.count)},
               {"levels", std::int64_t{r.levels}}};
  if (modularity) out.attrs.push_back({"modularity", *modularity});
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
    const bool cpm = p.objective == algo::Objective::kCPM;
    engine::info(comm, algorithm + ": " + std::to_string(r.sizes.count) + " communities, " +
                           (cpm ? "CPM quality " : "Q = ") + fixed(r.modularity));
    std::optional<double> modularity;
    if (cpm) modularity = algo::modularity_of(lg.graph, comm, r.community, 1.0, p.weighted);
    TaskOutput out = community_output(algorithm, r, p.resolution, p.objective, modularity);
    if (p.keep_levels) {
      if (r.level_community.size() == r.level_modularity.size())
        add_levels(out, algorithm, r, p.resolution, p.objective);
      else  // resumed from a checkpoint written without --levels (or by an older nexus)
        engine::warn(comm, algorithm + ": --levels after --resume: the checkpoint holds no " +
                               "level communities (written without --levels?); no level " +
                               "datasets written");
    }
    if (verify) {
      const auto check = algo::verify_communities(lg.graph, comm, p.resolution, p.weighted, r,
                                                  algorithm == "leiden", p.objective);
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
