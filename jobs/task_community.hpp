// Shared by the community tasks (wcc, louvain, leiden): the size-distribution summary, the
// community-algorithm parameters read from a ParamMap, and the task body of Louvain and Leiden.
#pragma once

#include "algorithms/community/modularity.hpp"
#include "jobs/task.hpp"

namespace nexus::jobs {

// Count, ten largest sizes and the log2 histogram, for the report.
Json sizes_summary(const algo::CommunitySizes& s);

// Reads resolution, weighted, tolerance, max_levels, max_iterations, sub_rounds, seed into a
// LouvainParams-shaped struct (Louvain and Leiden share the vocabulary).
template <class P>
P read_modularity_params(ParamMap& params, P p);

// The Louvain / Leiden task: run, optional verification, summary (modularity per level,
// community count, sizes) and dataset attributes.
Task make_modularity_task(const std::string& algorithm, ParamMap& params);

}  // namespace nexus::jobs
