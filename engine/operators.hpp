// The algorithm-facing operator set. Functions taking a `const Comm&` are collective (every rank
// must call them, in the same order); the others are local. Threads come from TBB, capped by the
// Runtime.
//   for_each_owned  local: f(v) for every owned vertex, in parallel
//   reduce_owned    collective: reduce f(v) over every owned vertex of every rank; Sum of
//                   floating-point values is exact (ExactSum), hence identical for any rank and
//                   thread count
//   sync_ghosts     collective: owners' values copied to every ghost copy (one halo exchange);
//                   for a VertexMatrix, whole rows
//   reduce_ghosts   collective: ghost values combined into their owner's value, in rank order
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "engine/comm.hpp"
#include "engine/dist_graph.hpp"
#include "engine/exact_sum.hpp"
#include "engine/vertex_array.hpp"

namespace nexus::engine {

struct Sum {
  template <class T>
  T operator()(T a, T b) const {
    return a + b;
  }
};
struct Max {
  template <class T>
  T operator()(T a, T b) const {
    return std::max(a, b);
  }
};
struct Min {
  template <class T>
  T operator()(T a, T b) const {
    return std::min(a, b);
  }
};

inline constexpr std::size_t kVertexGrain = 1024;

template <class F>
void for_each_owned(const DistGraph& g, F&& f) {
  tbb::parallel_for(tbb::blocked_range<LocalVertex>(0, g.num_owned(), kVertexGrain),
                    [&](const tbb::blocked_range<LocalVertex>& r) {
                      for (LocalVertex v = r.begin(); v != r.end(); ++v) f(v);
                    });
}

namespace detail {
template <class Op, class T>
constexpr T identity() {
  if constexpr (std::is_same_v<Op, Sum>)
    return T{};
  else if constexpr (std::is_same_v<Op, Max>)
    return std::numeric_limits<T>::lowest();
  else
    return std::numeric_limits<T>::max();
}
template <class Op>
constexpr ReduceOp mpi_op() {
  if constexpr (std::is_same_v<Op, Sum>)
    return ReduceOp::kSum;
  else if constexpr (std::is_same_v<Op, Max>)
    return ReduceOp::kMax;
  else
    return ReduceOp::kMin;
}
}  // namespace detail

template <class Op, class F>
auto reduce_owned(const DistGraph& g, const Comm& comm, Op op, F&& f) {
  using T = std::decay_t<std::invoke_result_t<F&, LocalVertex>>;
  const tbb::blocked_range<LocalVertex> all(0, g.num_owned(), kVertexGrain);
  if constexpr (std::is_same_v<Op, Sum> && std::is_floating_point_v<T>) {
    ExactSum total = tbb::parallel_reduce(
        all, ExactSum{},
        [&](const tbb::blocked_range<LocalVertex>& r, ExactSum acc) {
          for (LocalVertex v = r.begin(); v != r.end(); ++v) acc.add(f(v));
          return acc;
        },
        [](ExactSum a, const ExactSum& b) {
          a.merge(b);
          return a;
        });
    total.allreduce(comm);
    return static_cast<T>(total.value());
  } else {
    T local = tbb::parallel_reduce(
        all, detail::identity<Op, T>(),
        [&](const tbb::blocked_range<LocalVertex>& r, T acc) {
          for (LocalVertex v = r.begin(); v != r.end(); ++v) acc = op(acc, f(v));
          return acc;
        },
        op);
    return comm.allreduce(local, detail::mpi_op<Op>());
  }
}

template <class T>
void sync_ghosts(const DistGraph& g, const Comm& comm, VertexArray<T>& values) {
  const HaloPlan& h = g.halo();
  std::vector<T> send(h.send_vertices.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, send.size(), 4096),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i)
                        send[i] = values[h.send_vertices[i]];
                    });
  comm.sparse_exchange<T>(send.data(), h.send_peers, values.data() + g.num_owned(), h.recv_peers);
}

template <class T>
void sync_ghosts(const DistGraph& g, const Comm& comm, VertexMatrix<T>& m) {
  if (!m.has_ghost_rows(g))
    throw std::logic_error("sync_ghosts: a VertexMatrix of owned rows only has no ghost rows");
  const HaloPlan& h = g.halo();
  const std::size_t cols = m.cols();
  std::vector<T> send(h.send_vertices.size() * cols);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, h.send_vertices.size(), 256),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i) {
                        const auto row = m.row(h.send_vertices[i]);
                        std::copy(row.begin(), row.end(), send.begin() + i * cols);
                      }
                    });
  auto in_elements = [cols](std::vector<Peer> peers) {  // rows -> elements
    for (Peer& p : peers) p.offset *= cols, p.count *= cols;
    return peers;
  };
  const auto sends = in_elements(h.send_peers), recvs = in_elements(h.recv_peers);
  comm.sparse_exchange<T>(send.data(), sends, m.data() + std::size_t{g.num_owned()} * cols, recvs);
}

template <class T, class Op>
void reduce_ghosts(const DistGraph& g, const Comm& comm, VertexArray<T>& values, Op op) {
  const HaloPlan& h = g.halo();
  std::vector<T> recv(h.send_vertices.size());
  comm.sparse_exchange<T>(values.data() + g.num_owned(), h.recv_peers, recv.data(), h.send_peers);
  // Sequential, in rank order, so that the combination order is fixed.
  for (std::size_t i = 0; i < recv.size(); ++i)
    values[h.send_vertices[i]] = op(values[h.send_vertices[i]], recv[i]);
}

}  // namespace nexus::engine
