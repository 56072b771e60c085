// String keys are packed as (lengths, characters) so that they travel as two typed collectives.
#include "io/text/key_exchange.hpp"

namespace nexus::io::text {
namespace {

std::vector<std::uint64_t> lengths_of(const std::vector<std::string>& keys) {
  std::vector<std::uint64_t> out;
  out.reserve(keys.size());
  for (const auto& k : keys) out.push_back(k.size());
  return out;
}

std::vector<char> chars_of(const std::vector<std::string>& keys) {
  std::vector<char> out;
  for (const auto& k : keys) out.insert(out.end(), k.begin(), k.end());
  return out;
}

std::vector<std::string> unpack(const std::vector<std::uint64_t>& lengths,
                                const std::vector<char>& chars) {
  std::vector<std::string> out;
  out.reserve(lengths.size());
  std::size_t at = 0;
  for (auto len : lengths) {
    out.emplace_back(chars.data() + at, len);
    at += len;
  }
  return out;
}

}  // namespace

std::vector<std::int64_t> exchange_keys(const engine::Comm& comm,
                                        const std::vector<std::int64_t>& send,
                                        const std::vector<std::uint64_t>& counts,
                                        std::vector<std::uint64_t>* recv_counts) {
  return comm.alltoallv(send, counts, recv_counts);
}

std::vector<std::string> exchange_keys(const engine::Comm& comm,
                                       const std::vector<std::string>& send,
                                       const std::vector<std::uint64_t>& counts,
                                       std::vector<std::uint64_t>* recv_counts) {
  const std::vector<std::uint64_t> lengths = lengths_of(send);
  std::vector<std::uint64_t> char_counts(counts.size(), 0);
  std::size_t at = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    for (std::uint64_t i = 0; i < counts[r]; ++i) char_counts[r] += lengths[at++];
  }
  const auto recv_lengths = comm.alltoallv(lengths, counts, recv_counts);
  const auto recv_chars = comm.alltoallv(chars_of(send), char_counts);
  return unpack(recv_lengths, recv_chars);
}

std::vector<std::int64_t> gather_keys(const engine::Comm& comm,
                                      const std::vector<std::int64_t>& keys) {
  return comm.allgatherv(keys);
}

std::vector<std::string> gather_keys(const engine::Comm& comm,
                                     const std::vector<std::string>& keys) {
  const auto lengths = comm.allgatherv(lengths_of(keys));
  const auto chars = comm.allgatherv(chars_of(keys));
  return unpack(lengths, chars);
}

}  // namespace nexus::io::text
