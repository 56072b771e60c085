// run_job: the driver shared by every algorithm subcommand and `nexus run`.
#include "jobs/job.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "engine/error.hpp"
#include "engine/log.hpp"
#include "engine/timer.hpp"
#include "io/feature_append.hpp"
#include "io/feature_file.hpp"
#include "io/partial_file.hpp"
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
  if (spec.append) c["append"] = true;
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

// Test hook (tests/e2e/output_integrity.py): NEXUS_TEST_PAUSE_IN_WRITE=SECONDS sleeps after the
// first feature is in <output>.partial, so that a test can kill the job in the middle of writing.
void test_pause_in_write() {
  if (const char* s = std::getenv("NEXUS_TEST_PAUSE_IN_WRITE"))
    std::this_thread::sleep_for(std::chrono::duration<double>(std::atof(s)));
}

// Refuses a full disk before writing (io/partial_file.hpp): room for the uncompressed datasets,
// and for --append the copy of the existing file.
void check_output_space(const JobSpec& spec, const LoadedGraph& lg,
                        const std::vector<TaskOutput>& outputs, const engine::Comm& comm) {
  std::uint64_t bytes = 0;
  for (const TaskOutput& o : outputs) {
    bytes += o.f64.size() * 8 + o.i64.size() * 8 + o.f32.size() * 4;
    for (const ExtraFeature& e : o.extra) bytes += e.i64.size() * 8;
  }
  bytes = comm.sum(bytes) + lg.header.num_vertices * 8 + (1u << 20);
  std::error_code ec;
  if (spec.append) bytes += std::filesystem::file_size(spec.output, ec);
  io::check_free_space(comm, spec.output + ".partial", bytes);
}

// Writes every task's features (and their extra datasets) into one feature file. An error on
// one rank must not reach the writer's destructor: its close is collective and would wait for the
// ranks still writing (a hang instead of an abort). So on an error the writer is left open
// (released); run_guarded removes the partial file and ends the job.
void write_features(const JobSpec& spec, const io::FeatureFileInfo& info, const LoadedGraph& lg,
                    const std::vector<TaskOutput>& outputs, const engine::Comm& comm) {
  auto writer = std::make_unique<io::FeatureWriter>(
      spec.output, comm, info, lg.graph.first_owned(), lg.node_ids, lg.node_names,
      spec.append ? io::WriteMode::kAppend : io::WriteMode::kCreate);
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
      for (const ExtraFeature& e : o.extra)
        writer->write(spec.tasks[k].dataset + "_" + e.suffix, std::span<const std::int64_t>(e.i64),
                      e.attrs);
      if (k == 0) test_pause_in_write();
    }
    writer->commit();
  } catch (...) {
    (void)writer.release();
    throw;
  }
}

}  // namespace

int run_job(const JobSpec& spec, const engine::Runtime& rt) {
  check_spec(spec);
  const engine::Comm& comm = rt.world();
  engine::PhaseTimer timer;
  JobCheckpoints checkpoints(spec.checkpoint, spec.input, spec.tasks, comm);  // before any work
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
  if (spec.append) {  // refuse a mismatched file or a taken name before computing anything
    std::vector<std::string> names;
    for (const Task& t : spec.tasks) names.push_back(t.dataset);
    io::check_append_target(spec.output, comm, info, lg.graph.first_owned(), lg.node_ids,
                            lg.node_names, names);
  }
  Report report(config, rt, lg);
  int code = kExitOk;
  std::vector<TaskOutput> outputs;
  for (std::size_t k = 0; k < spec.tasks.size(); ++k) {
    const Task& t = spec.tasks[k];
    timer.start("compute:" + t.dataset);
    engine::info(comm, "task " + t.dataset + " (" + t.algorithm + ")");
    inject_fault("compute", comm.rank());
    if (auto saved = checkpoints.completed(k, lg)) {
      outputs.push_back(std::move(*saved));
    } else {
      outputs.push_back(t.run(lg, comm, spec.verify, checkpoints.begin_task(k)));
      checkpoints.task_done(k, outputs.back(), lg);
    }
    timer.stop();
    if (outputs.back().verify_failed) {
      engine::error(comm,
                    "verification of " + t.dataset + " failed: " + outputs.back().verify_message);
      code = kExitVerifyFailed;
    }
    report.add_task(t, outputs.back());
  }
  timer.start("write");
  check_output_space(spec, lg, outputs, comm);
  write_features(spec, info, lg, outputs, comm);
  timer.stop();
  engine::info(comm, (spec.append ? "appended to " : "wrote ") + spec.output);
  checkpoints.finish();
  report.finish(timer, comm);
  if (!spec.report.empty()) report.write(spec.report, comm);
  report.print_summary(comm);
  return code;
}

}  // namespace nexus::jobs
