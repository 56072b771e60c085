// Comm: an owned (duplicated) MPI communicator with typed collectives. MPI datatypes are derived
// from the C++ element type at compile time (see datatype.hpp); mpi.h stays out of this header so
// that algorithms/ never sees it. Every member function except rank()/size() is collective.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/datatype.hpp"

namespace nexus::engine {

enum class ReduceOp { kSum, kMax, kMin, kLogicalOr, kLogicalAnd };

// One neighbour's share of a sparse exchange: `count` elements starting at element `offset`.
struct Peer {
  int rank = 0;
  std::size_t offset = 0;
  std::size_t count = 0;
};

class Comm {
 public:
  // Duplicates MPI_COMM_WORLD (collective over the world).
  static Comm world();
  // A communicator of this process alone (duplicates MPI_COMM_SELF; for serial reference runs).
  static Comm self();
  ~Comm();
  Comm(Comm&&) noexcept;
  Comm& operator=(Comm&&) noexcept;
  Comm(const Comm&) = delete;
  Comm& operator=(const Comm&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  void barrier() const;

  template <class T>
  void allreduce(std::span<T> values, ReduceOp op) const {
    static_assert(datatype_of<T>().reducible, "allreduce needs an arithmetic element type");
    allreduce_raw(values.data(), values.size(), datatype_of<T>(), op);
  }
  template <class T>
  T allreduce(T value, ReduceOp op) const {
    allreduce(std::span<T>(&value, 1), op);
    return value;
  }
  template <class T>
  T sum(T v) const {
    return allreduce(v, ReduceOp::kSum);
  }
  template <class T>
  T max(T v) const {
    return allreduce(v, ReduceOp::kMax);
  }
  template <class T>
  T min(T v) const {
    return allreduce(v, ReduceOp::kMin);
  }
  bool any(bool v) const { return allreduce<int>(v ? 1 : 0, ReduceOp::kMax) != 0; }
  bool all(bool v) const { return allreduce<int>(v ? 1 : 0, ReduceOp::kMin) != 0; }

  // Sum of the values of the ranks before this one (0 on rank 0).
  template <class T>
  T exclusive_prefix_sum(T value) const {
    T out{};
    exscan_raw(&value, &out, datatype_of<T>());
    return rank_ == 0 ? T{} : out;
  }

  // One value from every rank, in rank order.
  template <class T>
  std::vector<T> allgather(const T& value) const {
    std::vector<T> out(static_cast<std::size_t>(size_));
    allgather_raw(&value, out.data(), datatype_of<T>());
    return out;
  }

  // Variable-length gather to all: every rank's vector concatenated in rank order.
  template <class T>
  std::vector<T> allgatherv(const std::vector<T>& values) const {
    const auto counts = allgather<std::uint64_t>(values.size());
    std::uint64_t total = 0;
    for (auto c : counts) total += c;
    std::vector<T> out(total);
    allgatherv_raw(values.data(), values.size(), out.data(), counts, datatype_of<T>());
    return out;
  }

  template <class T>
  T broadcast(T value, int root) const {
    broadcast_raw(&value, 1, datatype_of<T>(), root);
    return value;
  }
  template <class T>
  void broadcast(std::vector<T>& values, int root) const {
    auto n = broadcast<std::uint64_t>(values.size(), root);
    values.resize(n);
    broadcast_raw(values.data(), n, datatype_of<T>(), root);
  }

  // Personalised all-to-all: `send` holds the elements for rank 0, then rank 1, ...;
  // send_counts[r] elements go to rank r. Returns the received elements in source-rank order and,
  // if asked, how many came from each rank.
  template <class T>
  std::vector<T> alltoallv(const std::vector<T>& send,
                           const std::vector<std::uint64_t>& send_counts,
                           std::vector<std::uint64_t>* recv_counts = nullptr) const {
    std::vector<std::uint64_t> rc = alltoall_counts(send_counts);
    std::uint64_t total = 0;
    for (auto c : rc) total += c;
    std::vector<T> recv(total);
    alltoallv_raw(send.data(), send_counts, recv.data(), rc, datatype_of<T>());
    if (recv_counts) *recv_counts = std::move(rc);
    return recv;
  }

  // Sparse point-to-point exchange with known sizes on both sides (the halo exchange): for each
  // send peer, `count` elements at `send + offset` go to that rank; for each receive peer, `count`
  // elements arrive at `recv + offset`. Collective over the peers named, not the whole comm.
  template <class T>
  void sparse_exchange(const T* send, std::span<const Peer> sends, T* recv,
                       std::span<const Peer> recvs) const {
    sparse_exchange_raw(send, sends, recv, recvs, datatype_of<T>());
  }

  // The underlying MPI_Comm as an opaque handle (io/ converts it back; see mpi_handle.hpp).
  const void* native_handle() const;

 private:
  struct Impl;
  explicit Comm(std::unique_ptr<Impl> impl);
  std::vector<std::uint64_t> alltoall_counts(const std::vector<std::uint64_t>& send_counts) const;
  void allreduce_raw(void* data, std::size_t n, Datatype t, ReduceOp op) const;
  void exscan_raw(const void* in, void* out, Datatype t) const;
  void allgather_raw(const void* in, void* out, Datatype t) const;
  void allgatherv_raw(const void* in, std::size_t n, void* out,
                      const std::vector<std::uint64_t>& counts, Datatype t) const;
  void broadcast_raw(void* data, std::size_t n, Datatype t, int root) const;
  void alltoallv_raw(const void* send, const std::vector<std::uint64_t>& send_counts, void* recv,
                     const std::vector<std::uint64_t>& recv_counts, Datatype t) const;
  void sparse_exchange_raw(const void* send, std::span<const Peer> sends, void* recv,
                           std::span<const Peer> recvs, Datatype t) const;

  std::unique_ptr<Impl> impl_;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace nexus::engine
