// Report: assembly and output.
#include "jobs/report.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/error.hpp"

namespace nexus::jobs {

std::uint64_t peak_resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

Report::Report(const Json& config, const engine::Runtime& rt, const LoadedGraph& lg) {
  root_["nexus_version"] = NEXUS_VERSION;
  root_["config"] = config;
  root_["ranks"] = rt.world().size();
  root_["threads_per_rank"] = rt.num_threads();
  Json graph = Json::object();
  graph["path"] = lg.header.path;
  graph["num_vertices"] = lg.header.num_vertices;
  graph["num_edges"] = lg.header.num_edges;
  graph["directed"] = lg.header.directed;
  graph["weighted"] = lg.header.weighted;
  graph["fingerprint"] = lg.header.fingerprint;
  root_["graph"] = graph;
  const auto& m = lg.metrics;
  Json part = Json::object();
  part["policy"] = partition::policy_name(lg.policy);
  Json owned = Json::array(), arcs = Json::array(), ghosts = Json::array();
  for (std::size_t r = 0; r < m.owned_per_rank.size(); ++r) {
    owned.push_back(m.owned_per_rank[r]);
    arcs.push_back(m.arcs_per_rank[r]);
    ghosts.push_back(m.ghosts_per_rank[r]);
  }
  part["vertices_per_rank"] = owned;
  part["arcs_per_rank"] = arcs;
  part["ghosts_per_rank"] = ghosts;
  part["total_arcs"] = m.total_arcs;
  part["cut_arcs"] = m.cut_arcs;
  part["edge_cut_fraction"] = m.edge_cut_fraction;
  part["imbalance"] = m.imbalance;
  Json bytes = Json::array();
  for (auto b : rt.world().allgather<std::uint64_t>(lg.graph.memory_bytes())) bytes.push_back(b);
  part["graph_bytes_per_rank"] = bytes;
  root_["partition"] = part;
}

void Report::add_task(const Task& task, const TaskOutput& out) {
  Json t = Json::object();
  t["algorithm"] = task.algorithm;
  t["dataset"] = "/features/" + task.dataset;
  t["params"] = task.params;
  t["result"] = out.summary;
  tasks_.push_back(t);
  summary_lines_.emplace_back(task.dataset, out.headline);
}

void Report::finish(const engine::PhaseTimer& timer, const engine::Comm& comm) {
  Json phases = Json::object();
  for (const auto& [name, seconds] : timer.phases()) {
    phase_lines_.emplace_back(name, comm.max(seconds));
    phases[name] = phase_lines_.back().second;
  }
  root_["phases_seconds"] = phases;
  Json peak = Json::array();
  for (auto b : comm.allgather<std::uint64_t>(peak_resident_bytes())) peak.push_back(b);
  root_["peak_resident_bytes_per_rank"] = peak;
  root_["tasks"] = tasks_;
}

void Report::write(const std::string& path, const engine::Comm& comm) const {
  if (comm.rank() != 0) return;
  const std::string tmp = path + ".partial";
  {
    std::ofstream f(tmp);
    f << root_.dump(2) << "\n";
    if (!f) throw SystemError(path + ": cannot write the report");
  }
  std::filesystem::rename(tmp, path);
}

void Report::print_summary(const engine::Comm& comm) const {
  if (comm.rank() != 0) return;
  std::string times;
  for (const auto& [name, seconds] : phase_lines_) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s%s %.3fs", times.empty() ? "" : ", ", name.c_str(), seconds);
    times += buf;
  }
  for (const auto& [name, line] : summary_lines_)
    std::printf("%s: %s\n", name.c_str(), line.c_str());
  std::printf("time: %s\n", times.c_str());
  std::fflush(stdout);
}

}  // namespace nexus::jobs
