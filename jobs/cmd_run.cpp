// `nexus run JOBFILE`: a TOML job file naming the input graph, partition policy, output, report
// and a list of [[task]] tables. Task keys are the same parameter keys as the command line's
// options (max_iterations for --max-iterations). Unknown keys anywhere are errors.
#include <toml++/toml.h>
#include <cxxopts.hpp>

#include <filesystem>

#include "engine/error.hpp"
#include "jobs/checkpoint_options.hpp"
#include "jobs/commands.hpp"
#include "jobs/job.hpp"
#include "jobs/params.hpp"

namespace nexus::jobs {
namespace {

ParamValue to_param(const toml::node& n, const std::string& where) {
  if (auto v = n.as_boolean()) return v->get();
  if (auto v = n.as_integer()) return v->get();
  if (auto v = n.as_floating_point()) return v->get();
  if (auto v = n.as_string()) return v->get();
  if (auto arr = n.as_array()) {
    std::vector<std::string> out;
    for (const auto& e : *arr) {
      if (auto s = e.as_string())
        out.push_back(s->get());
      else if (auto i = e.as_integer())
        out.push_back(std::to_string(i->get()));
      else if (auto f = e.as_floating_point())
        out.push_back(shortest_text(f->get()));
      else
        throw UsageError(where + ": lists may hold strings or numbers only");
    }
    return out;
  }
  throw UsageError(where + ": unsupported value type");
}

Task parse_task(const toml::table& t, const std::string& file, std::size_t index) {
  const std::string where = file + ": [[task]] #" + std::to_string(index + 1);
  const auto algo = t["algorithm"].value<std::string>();
  if (!algo) throw UsageError(where + ": missing 'algorithm'");
  ParamMap params(where);
  for (const auto& [k, v] : t)
    if (k.str() != "algorithm") params.set(std::string(k.str()), to_param(v, where));
  return make_task(*algo, params);
}

}  // namespace

JobSpec parse_job_file(const std::string& file) {
  toml::table root;
  try {
    root = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw UsageError(file + ":" + std::to_string(b.line) + ": " + std::string(e.description()));
  }
  JobSpec spec;
  for (const auto& [k, v] : root) {
    const std::string key(k.str());
    auto str = [&] {
      if (!v.is_string()) throw UsageError(file + ": '" + key + "' must be a string");
      return *v.value<std::string>();
    };
    if (key == "input")
      spec.input = str();
    else if (key == "output")
      spec.output = str();
    else if (key == "report")
      spec.report = str();
    else if (key == "partition")
      spec.partition = str();
    else if (key == "verify" && v.is_boolean())
      spec.verify = *v.value<bool>();
    else if (key == "append" && v.is_boolean())
      spec.append = *v.value<bool>();
    else if (key == "force" && v.is_boolean())
      spec.force = *v.value<bool>();
    else if (key == "threads" && v.is_integer())
      spec.threads = static_cast<int>(*v.value<std::int64_t>());
    else if (key == "checkpoint")
      spec.checkpoint.dir = str();
    else if (key == "checkpoint_every" && v.is_integer())
      spec.checkpoint.every = *v.value<std::int64_t>();
    else if (key == "checkpoint_seconds" && (v.is_integer() || v.is_floating_point()))
      spec.checkpoint.seconds = *v.value<double>();
    else if (key == "resume" && v.is_boolean())
      spec.checkpoint.resume = *v.value<bool>();
    else if (key == "task" && v.is_array_of_tables()) {
      const auto& arr = *v.as_array();
      for (std::size_t i = 0; i < arr.size(); ++i)
        spec.tasks.push_back(parse_task(*arr[i].as_table(), file, i));
    } else {
      throw UsageError(
          file + ": unknown or mistyped key '" + key +
          "' (expected input, output, report, partition, verify, append, force, "
          "threads, checkpoint, checkpoint_every, checkpoint_seconds, resume, [[task]])");
    }
  }
  return spec;
}

int cmd_run(int argc, char** argv, engine::Runtime& rt, Cleanup& cleanup) {
  cxxopts::Options o("nexus run", "Run a job file: several tasks over one loaded graph.");
  o.add_options()("jobfile", "TOML job file", cxxopts::value<std::string>())(
      "threads", "TBB threads per rank (overrides the job file)", cxxopts::value<int>())(
      "force", "run even if the memory estimate exceeds the memory limit (else exit 7)")(
      "h,help", "show this help");
  add_checkpoint_options(o);
  o.parse_positional({"jobfile"});
  o.positional_help("JOBFILE.toml");
  const auto args = o.parse(argc, argv);
  if (args.count("help")) {
    print0(rt, o.help() + "\nSee the README for the job file format.\n");
    return 0;
  }
  if (!args.count("jobfile")) throw UsageError("nexus run: no job file given");
  const std::string file = args["jobfile"].as<std::string>();
  if (!std::filesystem::exists(file)) throw UsageError(file + ": no such job file");
  JobSpec spec = parse_job_file(file);
  if (args.count("threads")) spec.threads = args["threads"].as<int>();
  spec.checkpoint = checkpoint_options(args, spec.checkpoint);
  if (args.count("force")) spec.force = true;
  partition::parse_policy(spec.partition);
  cleanup.paths.push_back(spec.output);
  rt.set_threads(spec.threads);
  rt.announce();
  return run_job(spec, rt);
}

}  // namespace nexus::jobs
