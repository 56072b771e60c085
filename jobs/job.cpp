// run_job: the driver shared by every algorithm subcommand and `nexus run`.
#include "jobs/job.hpp"

#include <chrono>
#include <fstream>
#include <memory>
#include <set>

#include "engine/error.hpp"
#include "engine/log.hpp"
#include "engine/timer.hpp"
#include "io/feature_file.hpp"
#include "jobs/exit_codes.hpp"
#include "jobs/fault_injection.hpp"
#include "jobs/memory_check.hpp"
#include "jobs/report.hpp"

namespace nexus::jobs {
namespace {

Json job_config(const JobSpec& spec, int threads) {
  Json c = Json::object();
  c["input"] = spec.input;
  c["output"] = spec.output;
  c["partition"] = spec.partition;
  c["verify"] = spec.verify;
  c["force"] = spec.force;
  c["threads"] = threads;
  Json tasks = Json::array();
  for (const Task& t : spec.tasks) {
    Json j = Json::object();
    j["algorithm"] = t.algorithm;
    j["params"] = t.params;
    tasks.push_back(j);
  }
  c["tasks"] = tasks;
  return c;
}

void check_spec(const JobSpec& spec) {
  if (spec.input.empty()) throw UsageError("no input graph given");
  if (spec.output.empty()) throw UsageError("no output feature file given (-o FILE)");
  if (spec.tasks.empty()) throw UsageError("the job has no tasks");
  std::set<std::string> names;
  for (const Task& t : spec.tasks)
    if (!names.insert(t.dataset).second)
      throw UsageError("two tasks write the same feature '" + t.dataset +
                       "': give one of them another 'name'");
}

}  // namespace

int run_job(const JobSpec& spec, const engine::Runtime& rt) {
  check_spec(spec);
  const engine::Comm& comm = rt.world();
  engine::PhaseTimer timer;
  bool weights = false;
  for (const Task& t : spec.tasks) weights = weights || t.needs_weights;
  LoadedGraph lg =
      load_graph(spec.input, partition::parse_policy(spec.partition), weights, comm, timer,
                 [&](const engine::EdgeSlab& slab, const engine::VertexDistribution& dist) {
                   check_memory(slab, dist, spec.tasks, rt.num_threads(), spec.force, comm);
                 });
  inject_fault("load", comm.rank());
  const Json config = job_config(spec, rt.num_threads());
  io::FeatureFileInfo info{lg.header.num_vertices, lg.header.fingerprint, config.dump(0),
                           comm.size(), rt.num_threads()};
  Report report(config, rt, lg);
  int code = kExitOk;
  std::vector<TaskOutput> outputs;
  for (const Task& t : spec.tasks) {
    timer.start("compute:" + t.dataset);
    engine::info(comm, "task " + t.dataset + " (" + t.algorithm + ")");
    inject_fault("compute", comm.rank());
    outputs.push_back(t.run(lg, comm, spec.verify));
    timer.stop();
    if (outputs.back().verify_failed) {
      engine::error(comm,
                    "verification of " + t.dataset + " failed: " + outputs.back().verify_message);
      code = kExitVerifyFailed;
    }
    report.add_task(t, outputs.back());
  }
  timer.start("write");
  // An error on one rank must not reach the writer's destructor: its close is collective and would
  // wait for the ranks still writing (a hang instead of an abort). So on an error the writer is
  // left open (released); run_guarded removes the partial file and ends the job.
  auto writer = std::make_unique<io::FeatureWriter>(spec.output, comm, info, lg.graph.first_owned(),
                                                    lg.node_ids, lg.node_names);
  try {
    inject_fault("write", comm.rank());
    for (std::size_t k = 0; k < spec.tasks.size(); ++k) {
      const TaskOutput& o = outputs[k];
      if (o.kind == TaskOutput::Kind::kFloat64)
        writer->write(spec.tasks[k].dataset, std::span<const double>(o.f64), o.attrs);
      else if (o.kind == TaskOutput::Kind::kInt64)
        writer->write(spec.tasks[k].dataset, std::span<const std::int64_t>(o.i64), o.attrs);
      else
        writer->write(spec.tasks[k].dataset, std::span<const float>(o.f32), o.cols, o.attrs);
    }
    writer->commit();
  } catch (...) {
    (void)writer.release();
    throw;
  }
  timer.stop();
  engine::info(comm, "wrote " + spec.output);
  report.finish(timer, comm);
  if (!spec.report.empty()) report.write(spec.report, comm);
  report.print_summary(comm);
  return code;
}

}  // namespace nexus::jobs
