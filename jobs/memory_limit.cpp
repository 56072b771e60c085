// Memory limits: the override, cgroup v1/v2 files, Slurm's variables, physical memory.
#include "jobs/memory_limit.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/error.hpp"
#include "engine/node.hpp"

namespace nexus::jobs {
namespace {

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream f(path);
  if (!f) return std::nullopt;
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::optional<std::uint64_t> whole_number(const std::string& text) {
  const std::string t = trim(text);
  if (t.empty() || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  try {
    return std::stoull(t);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<std::uint64_t> parse_cgroup_limit(const std::string& text) {
  const auto v = whole_number(text);
  if (!v || *v >= (std::uint64_t{1} << 62)) return std::nullopt;  // "max", or v1's "unlimited"
  return v;
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
  const std::string t = trim(text);
  std::size_t used = 0;
  double x = 0;
  try {
    x = std::stod(t, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::string unit = trim(t.substr(used));
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  if (!unit.empty() && (unit.back() == 'i')) unit.pop_back();
  const std::string units = "KMGT";
  double scale = 1;
  if (unit.size() == 1 && units.find(std::toupper(unit[0])) != std::string::npos)
    scale = static_cast<double>(std::uint64_t{1} << (10 * (units.find(std::toupper(unit[0])) + 1)));
  else if (!unit.empty())
    return std::nullopt;
  if (!(x >= 0) || x * scale > 1.8e19) return std::nullopt;
  return static_cast<std::uint64_t>(x * scale);
}

std::optional<MemoryLimit> slurm_limit(const std::function<const char*(const char*)>& lookup) {
  auto number = [&](const char* name) -> std::optional<std::uint64_t> {
    const char* v = lookup(name);
    return v ? whole_number(v) : std::nullopt;
  };
  constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
  if (auto node = number("SLURM_MEM_PER_NODE"); node && *node > 0)
    return MemoryLimit{*node * kMiB, "SLURM_MEM_PER_NODE"};
  const auto per_cpu = number("SLURM_MEM_PER_CPU");
  const auto cpus = number("SLURM_CPUS_ON_NODE");
  if (per_cpu && *per_cpu > 0 && cpus && *cpus > 0)
    return MemoryLimit{*per_cpu * *cpus * kMiB, "SLURM_MEM_PER_CPU x SLURM_CPUS_ON_NODE"};
  return std::nullopt;
}

std::optional<MemoryLimit> cgroup_limit(const std::string& proc_cgroup, const std::string& root) {
  std::istringstream lines(proc_cgroup);
  std::string line;
  std::optional<MemoryLimit> best;
  auto consider = [&](const std::string& file, const std::string& what) {
    const auto text = read_text(file);
    const auto v = text ? parse_cgroup_limit(*text) : std::nullopt;
    if (v && (!best || *v < best->bytes)) best = MemoryLimit{*v, what + " (" + file + ")"};
    return text.has_value();
  };
  while (std::getline(lines, line)) {  // "hierarchy-id:controllers:path"
    const auto a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::string controllers = line.substr(a + 1, b - a - 1), path = line.substr(b + 1);
    if (line.compare(0, a, "0") == 0 && controllers.empty()) {  // v2 unified hierarchy
      if (!consider(root + path + "/memory.max", "cgroup v2 memory.max"))
        consider(root + "/memory.max", "cgroup v2 memory.max");
    } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {
      if (!consider(root + "/memory" + path + "/memory.limit_in_bytes",
                    "cgroup v1 memory.limit_in_bytes"))
        consider(root + "/memory/memory.limit_in_bytes", "cgroup v1 memory.limit_in_bytes");
    }
  }
  return best;
}

MemoryLimit node_memory_limit() {
  if (const char* v = std::getenv("NEXUS_MEMORY_LIMIT")) {
    const auto bytes = parse_size(v);
    if (!bytes)
      throw UsageError(std::string("NEXUS_MEMORY_LIMIT='") + v +
                       "' is not a size (bytes, or a number with K, M, G or T)");
    return {*bytes, "NEXUS_MEMORY_LIMIT"};
  }
  MemoryLimit limit{static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) *
                        static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE)),
                    "physical memory"};
  auto take = [&](const std::optional<MemoryLimit>& l) {
    if (l && l->bytes < limit.bytes) limit = *l;
  };
  if (const auto text = read_text("/proc/self/cgroup")) take(cgroup_limit(*text, "/sys/fs/cgroup"));
  take(slurm_limit([](const char* name) { return std::getenv(name); }));
  return limit;
}

MemoryLimit memory_per_rank(const engine::Comm& comm) {
  const MemoryLimit node = node_memory_limit();
  const int sharing = engine::ranks_on_this_node(comm);
  const std::uint64_t mine = node.bytes / static_cast<std::uint64_t>(std::max(sharing, 1));
  const std::uint64_t least = comm.min(mine);
  // The binding rank's description, on every rank: the lowest rank whose share is the least.
  const int binder = comm.min(mine == least ? comm.rank() : comm.size());
  const std::string text = node.source + " / " + std::to_string(sharing) + " ranks on the node";
  std::vector<char> source(text.begin(), text.end());
  comm.broadcast(source, binder);
  return {least, std::string(source.begin(), source.end())};
}

}  // namespace nexus::jobs
