// The Leiden task (/features/leiden): see task_community.cpp for the shared body; --verify also
// checks that every community is connected.
#include "jobs/task_community.hpp"

namespace nexus::jobs {

Task make_leiden_task(ParamMap& params) {
  return make_modularity_task("leiden", params);
}

}  // namespace nexus::jobs
