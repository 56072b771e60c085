// Helpers shared by the embedding tasks (fastrp, spectral): the per-vertex keys their random
// numbers derive from (the original ids, so the embedding does not depend on the numbering), a
// list of numbers from a parameter, and the TaskOutput of an embedding.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "algorithms/embedding/embedding.hpp"
#include "engine/error.hpp"
#include "jobs/task.hpp"

namespace nexus::jobs {

// Original integer ids as they are; string ids hashed (FNV-1a, 64 bits).
inline std::vector<std::uint64_t> embedding_keys(const LoadedGraph& lg) {
  std::vector<std::uint64_t> keys;
  if (lg.node_names.empty()) {
    keys.assign(lg.node_ids.begin(), lg.node_ids.end());
    return keys;
  }
  for (const std::string& name : lg.node_names) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ull;
    keys.push_back(h);
  }
  return keys;
}

// A list of numbers (TOML array or comma-separated text); the fallback when the key is not set.
inline std::vector<double> get_numbers(ParamMap& params, const std::string& key,
                                       const std::vector<double>& fallback) {
  if (!params.has(key)) {
    std::vector<std::string> text;
    for (double x : fallback) {
      char buf[32];
      text.emplace_back(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
    }
    params.set(key, text);  // so that the effective parameters record the default
  }
  std::vector<double> out;
  for (const std::string& s : params.get_list(key)) {
    double x = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec != std::errc() || p != s.data() + s.size())
      throw UsageError(params.context() + ": '" + key + "' must be a list of numbers, got '" + s +
                       "'");
    out.push_back(x);
  }
  return out;
}

// The output of an embedding task: float32 [N, dim] rows, verification, summary.
inline TaskOutput embedding_output(const engine::DistGraph& g, const engine::Comm& comm,
                                   algo::EmbeddingResult&& e, bool verify, bool weighted) {
  TaskOutput out;
  out.kind = TaskOutput::Kind::kFloat32Matrix;
  out.cols = e.dim;
  if (verify) {
    const auto check = algo::verify_embedding(g, comm, e, weighted);
    out.summary["verify"] = check.ok ? "passed" : "FAILED: " + check.message;
    out.verify_failed = !check.ok;
    out.verify_message = check.message;
  }
  out.f32 = std::move(e.values);
  out.summary["dim"] = static_cast<std::int64_t>(out.cols);
  out.headline = std::to_string(out.cols) + " dimensions" +
                 (verify ? std::string(", verify ") + (out.verify_failed ? "FAILED" : "passed")
                         : std::string());
  return out;
}

}  // namespace nexus::jobs
