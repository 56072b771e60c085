// The checkpoint options shared by the algorithm subcommands and `nexus run`: --checkpoint DIR,
// --checkpoint-every N, --checkpoint-seconds S, --resume (job files: checkpoint,
// checkpoint_every, checkpoint_seconds, resume; the command line wins).
#pragma once

#include <cxxopts.hpp>

#include "jobs/checkpointing.hpp"

namespace nexus::jobs {

inline void add_checkpoint_options(cxxopts::Options& o) {
  o.add_options("checkpoint")("checkpoint", "write checkpoints into this directory",
                              cxxopts::value<std::string>())(
      "checkpoint-every", "checkpoint every N iterations (levels for louvain/leiden)",
      cxxopts::value<std::int64_t>())(
      "checkpoint-seconds",
      "checkpoint when S seconds passed since the last one (default 600 unless "
      "--checkpoint-every is given)",
      cxxopts::value<double>())(
      "resume", "continue from the last complete checkpoint (start afresh if there is none)");
}

inline CheckpointOptions checkpoint_options(const cxxopts::ParseResult& args,
                                            CheckpointOptions o = {}) {
  if (args.count("checkpoint")) o.dir = args["checkpoint"].as<std::string>();
  if (args.count("checkpoint-every")) o.every = args["checkpoint-every"].as<std::int64_t>();
  if (args.count("checkpoint-seconds")) o.seconds = args["checkpoint-seconds"].as<double>();
  if (args.count("resume")) o.resume = true;
  return o;
}

}  // namespace nexus::jobs
