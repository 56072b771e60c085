// Completed task outputs in the checkpoint directory (`done<k>-<name>-0000000000.h5`): the
// feature rows by global vertex (readable with any rank count), the dataset attributes, the
// report summary (as JSON text), the headline and the verification outcome.
#include <variant>

#include "engine/log.hpp"
#include "jobs/checkpointing.hpp"
#include "jobs/stop_signals.hpp"

namespace nexus::jobs {
namespace {

constexpr const char* kAttrPrefix = "attr.";

engine::Snapshot to_snapshot(const TaskOutput& out, std::uint64_t first_row) {
  engine::Snapshot s;
  s.set("kind", static_cast<std::int64_t>(out.kind));
  s.set("cols", static_cast<std::int64_t>(out.cols));
  s.set("summary_json", out.summary.dump(0));
  s.set("headline", out.headline);
  s.set("verify_failed", std::int64_t{out.verify_failed});
  s.set("verify_message", out.verify_message);
  for (const auto& [name, value] : out.attrs)
    std::visit([&, &n = name](const auto& v) { s.set(kAttrPrefix + n, v); }, value);
  if (out.kind == TaskOutput::Kind::kFloat64)
    s.set_rows<double>("values", first_row, out.f64);
  else if (out.kind == TaskOutput::Kind::kInt64)
    s.set_rows<std::int64_t>("values", first_row, out.i64);
  else
    s.set_rows<float>("values", first_row, out.f32, out.cols);
  return s;
}

TaskOutput from_snapshot(const engine::Snapshot& s, std::uint64_t first_row, std::uint64_t rows) {
  TaskOutput out;
  out.kind = static_cast<TaskOutput::Kind>(s.get<std::int64_t>("kind"));
  out.cols = static_cast<std::size_t>(s.get<std::int64_t>("cols"));
  out.summary = Json::raw(s.get<std::string>("summary_json"));
  out.headline = s.get<std::string>("headline") + " (from checkpoint)";
  out.verify_failed = s.get<std::int64_t>("verify_failed") != 0;
  out.verify_message = s.get<std::string>("verify_message");
  for (const auto& [name, value] : s.values()) {
    if (name.rfind(kAttrPrefix, 0) != 0) continue;
    const std::string attr = name.substr(std::char_traits<char>::length(kAttrPrefix));
    if (auto* i = std::get_if<std::int64_t>(&value)) out.attrs.emplace_back(attr, *i);
    if (auto* d = std::get_if<double>(&value)) out.attrs.emplace_back(attr, *d);
    if (auto* t = std::get_if<std::string>(&value)) out.attrs.emplace_back(attr, *t);
  }
  if (out.kind == TaskOutput::Kind::kFloat64)
    out.f64 = s.read_rows<double>("values", first_row, rows);
  else if (out.kind == TaskOutput::Kind::kInt64)
    out.i64 = s.read_rows<std::int64_t>("values", first_row, rows);
  else
    out.f32 = s.read_rows<float>("values", first_row, rows, out.cols);
  return out;
}

}  // namespace

std::optional<TaskOutput> JobCheckpoints::completed(std::size_t k, const LoadedGraph& lg) {
  if (!enabled() || !options_.resume) return std::nullopt;
  if (store_->list(done_prefix(k)).empty()) return std::nullopt;
  const auto s = store_->read_latest(done_prefix(k), key(k));
  if (!s) return std::nullopt;
  engine::info(comm_, "task " + tasks_[k].dataset + " completed before: output from checkpoint");
  return from_snapshot(*s, lg.graph.first_owned(), lg.graph.num_owned());
}

void JobCheckpoints::task_done(std::size_t k, const TaskOutput& out, const LoadedGraph& lg) {
  end_task();
  if (!enabled()) return;
  store_->write(done_prefix(k), 0, key(k), to_snapshot(out, lg.graph.first_owned()), 1);
  store_->remove(step_prefix(k));
  const bool stop =
      comm_.any(pending_signal_request() == SignalRequest::kStop) && k + 1 < tasks_.size();
  if (stop)
    throw engine::Interrupted("stopped by a signal after task " + tasks_[k].dataset +
                              " completed (saved in " + options_.dir +
                              "); run the same command with --resume to continue");
}

}  // namespace nexus::jobs
