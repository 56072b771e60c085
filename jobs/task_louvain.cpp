// The Louvain task (/features/louvain): see task_community.cpp for the shared body.
#include "jobs/task_community.hpp"

namespace nexus::jobs {

Task make_louvain_task(ParamMap& params) {
  return make_modularity_task("louvain", params);
}

}  // namespace nexus::jobs
