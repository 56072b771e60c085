// Collective transport of sort keys for the sample sort: int64 ids travel as they are, strings as
// a length array plus one character array (two alltoallv / allgatherv calls).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/comm.hpp"

namespace nexus::io::text {

// alltoallv: send[...] grouped by destination rank, counts[r] keys to rank r.
std::vector<std::int64_t> exchange_keys(const engine::Comm& comm,
                                        const std::vector<std::int64_t>& send,
                                        const std::vector<std::uint64_t>& counts,
                                        std::vector<std::uint64_t>* recv_counts);
std::vector<std::string> exchange_keys(const engine::Comm& comm,
                                       const std::vector<std::string>& send,
                                       const std::vector<std::uint64_t>& counts,
                                       std::vector<std::uint64_t>* recv_counts);

// allgatherv: every rank's keys concatenated in rank order.
std::vector<std::int64_t> gather_keys(const engine::Comm& comm,
                                      const std::vector<std::int64_t>& keys);
std::vector<std::string> gather_keys(const engine::Comm& comm,
                                     const std::vector<std::string>& keys);

}  // namespace nexus::io::text
