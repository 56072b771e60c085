// Agreement after a failure: a rank that caught an error asks whether every rank failed too (a
// non-blocking barrier on the world, waited for a bounded time). If all did, the job can end
// cleanly with rank 0 printing the distinct messages; if not, some rank is still working or blocked
// in a collective, and the failing rank must end the whole job (Runtime::abort_job).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace nexus::engine {

// Returns, on every rank, the distinct failure messages of all ranks (in rank order) if every
// rank calls this within `seconds`; std::nullopt otherwise.
std::optional<std::vector<std::string>> agree_on_failure(const std::string& message,
                                                         double seconds);

}  // namespace nexus::engine
