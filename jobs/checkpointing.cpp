// JobCheckpoints: the manifest check, the per-task checkpointer (the agreement on when to save
// is one allreduce of two ints per step: the strongest signal request of any rank and rank 0's
// clock), and completed task outputs (checkpoint_outputs.cpp).
#include "jobs/checkpointing.hpp"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/error.hpp"
#include "engine/log.hpp"
#include "io/graph_file.hpp"
#include "io/hdf5_util.hpp"
#include "jobs/stop_signals.hpp"

namespace nexus::jobs {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class JobCheckpoints::TaskCheckpointer : public engine::Checkpointer {
 public:
  TaskCheckpointer(JobCheckpoints& job, std::size_t k)
      : job_(job), key_(job.key(k)), prefix_(job.step_prefix(k)), last_(Clock::now()) {}

  bool due(std::int64_t step) override {
    const auto& o = job_.options_;
    int flags[2] = {static_cast<int>(pending_signal_request()), 0};
    if (job_.comm_.rank() == 0 && o.seconds > 0)
      flags[1] = std::chrono::duration<double>(Clock::now() - last_).count() >= o.seconds;
    job_.comm_.allreduce(std::span<int>(flags, 2), engine::ReduceOp::kMax);
    request_ = static_cast<SignalRequest>(flags[0]);
    return (o.every > 0 && step % o.every == 0) || flags[0] > 0 || flags[1] > 0;
  }

  void save(std::int64_t step, const engine::Snapshot& s) override {
    const auto t0 = Clock::now();
    const std::string path = job_.store_->write(prefix_, step, key_, s);
    last_ = Clock::now();
    ++job_.saves_;
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f", std::chrono::duration<double>(last_ - t0).count());
    engine::info(job_.comm_,
                 "checkpoint " + path + " (step " + std::to_string(step) + ", " + secs + " s)");
    if (request_ == SignalRequest::kCheckpoint) clear_checkpoint_request();
    if (request_ == SignalRequest::kStop)
      throw engine::Interrupted("stopped by a signal after writing checkpoint " + path +
                                "; run the same command with --resume to continue");
    if (job_.stop_after_ > 0 && job_.saves_ == job_.stop_after_)
      throw engine::Interrupted("stopped after checkpoint " + path +
                                " (NEXUS_STOP_AFTER_CHECKPOINT); resume with --resume");
  }

  std::optional<engine::Snapshot> restore() override {
    if (!job_.options_.resume) return std::nullopt;
    auto s = job_.store_->read_latest(prefix_, key_);
    if (!s)
      engine::info(job_.comm_, "no usable checkpoint of task " + key_.task + " in " +
                                   job_.store_->dir() + ": starting it from the beginning");
    return s;
  }

 private:
  JobCheckpoints& job_;
  io::CheckpointKey key_;
  std::string prefix_;
  Clock::time_point last_;
  SignalRequest request_ = SignalRequest::kNone;
};

namespace {

std::string manifest_text(const std::string& fingerprint, const std::vector<Task>& tasks) {
  std::ostringstream s;
  s << "nexus checkpoint manifest " << io::kCheckpointFormatVersion << "\n";
  s << "graph_fingerprint " << fingerprint << "\n";
  for (std::size_t k = 0; k < tasks.size(); ++k)
    s << "task " << k << " " << tasks[k].algorithm << " " << tasks[k].dataset << " "
      << tasks[k].params.dump(0) << "\n";
  return s.str();
}

// The first line where two manifests differ, for the error message.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream x(a), y(b);
  std::string la, lb;
  while (true) {
    const bool ga = static_cast<bool>(std::getline(x, la)),
               gb = static_cast<bool>(std::getline(y, lb));
    if (!ga && !gb) return "";
    if (la != lb || ga != gb)
      return "the directory has \"" + (ga ? la : "") + "\", this job \"" + (gb ? lb : "") + "\"";
  }
}

void write_atomically(const std::string& path, const std::string& text) {
  {
    std::ofstream f(path + ".partial", std::ios::trunc);
    f << text;
    f.flush();
    if (!f) throw SystemError(path + ".partial: cannot write");
  }
  fs::rename(path + ".partial", path);
}

}  // namespace

JobCheckpoints::JobCheckpoints(const CheckpointOptions& o, const std::string& input,
                               const std::vector<Task>& tasks, const engine::Comm& comm)
    : options_(o), tasks_(tasks), comm_(comm) {
  if (options_.dir.empty()) {
    if (options_.resume) throw UsageError("--resume needs --checkpoint DIR");
    return;
  }
  if (options_.every < 0 || options_.seconds < 0)
    throw UsageError("--checkpoint-every and --checkpoint-seconds must be >= 0");
  if (options_.every == 0 && options_.seconds == 0) options_.seconds = 600;
  if (const char* s = std::getenv("NEXUS_STOP_AFTER_CHECKPOINT")) stop_after_ = std::atoi(s);
  const io::GraphHeader h = io::read_graph_header(input, comm);
  fingerprint_ = !h.fingerprint.empty() ? h.fingerprint
                                        : input + ":" + std::to_string(h.num_vertices) + ":" +
                                              std::to_string(h.num_edges);
  store_ = std::make_unique<io::CheckpointStore>(options_.dir, comm);
  const std::string manifest = options_.dir + "/manifest.txt";
  const std::string mine = manifest_text(fingerprint_, tasks);
  std::string theirs, problem;
  if (comm.rank() == 0 && fs::exists(manifest)) {
    std::ifstream f(manifest);
    theirs.assign(std::istreambuf_iterator<char>(f), {});
    if (theirs.empty()) theirs = "(empty)\n";
  }
  theirs = io::h5::broadcast_string(comm, theirs, 0);
  if (!theirs.empty() && theirs != mine)
    throw UsageError(options_.dir + " holds checkpoints of another job (" +
                     first_difference(theirs, mine) +
                     "); use another --checkpoint directory or delete this one");
  if (!theirs.empty() && !options_.resume) {
    engine::info(comm, "not resuming: removing the old checkpoints in " + options_.dir);
    for (std::size_t k = 0; k < tasks.size(); ++k) {
      store_->remove(step_prefix(k));
      store_->remove(done_prefix(k));
    }
  }
  std::exception_ptr err;
  if (comm.rank() == 0 && theirs.empty()) {
    try {
      write_atomically(manifest, mine);
    } catch (...) {
      err = std::current_exception();
    }
  }
  io::h5::agree(comm, err, manifest + ": rank 0 could not write it");
  install_stop_signals();
}

JobCheckpoints::~JobCheckpoints() = default;

io::CheckpointKey JobCheckpoints::key(std::size_t k) const {
  return {fingerprint_, tasks_[k].dataset, tasks_[k].algorithm, tasks_[k].params.dump(0)};
}
std::string JobCheckpoints::step_prefix(std::size_t k) const {
  return "task" + std::to_string(k) + "-" + tasks_[k].dataset;
}
std::string JobCheckpoints::done_prefix(std::size_t k) const {
  return "done" + std::to_string(k) + "-" + tasks_[k].dataset;
}

engine::Checkpointer* JobCheckpoints::begin_task(std::size_t k) {
  if (!enabled()) return nullptr;
  current_ = std::make_unique<TaskCheckpointer>(*this, k);
  return current_.get();
}

void JobCheckpoints::end_task() {
  current_.reset();
}

void JobCheckpoints::finish() {
  if (!enabled()) return;
  for (std::size_t k = 0; k < tasks_.size(); ++k) {
    store_->remove(step_prefix(k));
    store_->remove(done_prefix(k));
  }
  if (comm_.rank() == 0) {
    std::error_code ec;
    fs::remove(options_.dir + "/manifest.txt", ec);
  }
  comm_.barrier();
}

}  // namespace nexus::jobs
