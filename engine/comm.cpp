// Comm: typed collectives over a duplicated MPI communicator. Personalised exchanges are
// point-to-point messages, chunked beyond 1 GiB, since Open MPI 4.1 has no large-count
// collectives.
#include "engine/comm.hpp"

#include <mpi.h>

#include <climits>
#include <cstring>
#include <string>

#include "engine/error.hpp"
#include "engine/mpi_handle.hpp"

namespace nexus::engine {

void check_mpi(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw SystemError(std::string("MPI error in ") + what + ": " + std::string(text, len));
}

namespace {

constexpr std::size_t kMaxChunkBytes = std::size_t{1} << 30;

// A committed MPI datatype for the duration of one call.
class ScopedType {
 public:
  explicit ScopedType(Datatype t) {
    switch (t.scalar) {
      case Scalar::kInt8:
        type_ = MPI_INT8_T;
        return;
      case Scalar::kUint8:
        type_ = MPI_UINT8_T;
        return;
      case Scalar::kInt32:
        type_ = MPI_INT32_T;
        return;
      case Scalar::kUint32:
        type_ = MPI_UINT32_T;
        return;
      case Scalar::kInt64:
        type_ = MPI_INT64_T;
        return;
      case Scalar::kUint64:
        type_ = MPI_UINT64_T;
        return;
      case Scalar::kFloat:
        type_ = MPI_FLOAT;
        return;
      case Scalar::kDouble:
        type_ = MPI_DOUBLE;
        return;
      case Scalar::kBytes:
        break;
    }
    check_mpi(MPI_Type_contiguous(static_cast<int>(t.size), MPI_BYTE, &type_),
              "MPI_Type_contiguous");
    check_mpi(MPI_Type_commit(&type_), "MPI_Type_commit");
    owned_ = true;
  }
  ~ScopedType() {
    if (owned_) MPI_Type_free(&type_);
  }
  ScopedType(const ScopedType&) = delete;
  ScopedType& operator=(const ScopedType&) = delete;
  MPI_Datatype get() const { return type_; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
  bool owned_ = false;
};

MPI_Op to_mpi(ReduceOp op) {
  switch (op) {
    case ReduceOp::kSum:
      return MPI_SUM;
    case ReduceOp::kMax:
      return MPI_MAX;
    case ReduceOp::kMin:
      return MPI_MIN;
    case ReduceOp::kLogicalOr:
      return MPI_LOR;
    case ReduceOp::kLogicalAnd:
      return MPI_LAND;
  }
  return MPI_SUM;
}

bool fits_int(const std::vector<std::uint64_t>& counts) {
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  return total <= static_cast<std::uint64_t>(INT_MAX);
}

std::vector<int> to_int(const std::vector<std::uint64_t>& v) {
  return std::vector<int>(v.begin(), v.end());
}

std::vector<int> displacements(const std::vector<int>& counts) {
  std::vector<int> d(counts.size(), 0);
  for (std::size_t i = 1; i < counts.size(); ++i) d[i] = d[i - 1] + counts[i - 1];
  return d;
}

}  // namespace

struct Comm::Impl {
  MPI_Comm comm = MPI_COMM_NULL;
};

Comm::Comm(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  check_mpi(MPI_Comm_rank(impl_->comm, &rank_), "MPI_Comm_rank");
  check_mpi(MPI_Comm_size(impl_->comm, &size_), "MPI_Comm_size");
}

Comm Comm::world() {
  auto impl = std::make_unique<Impl>();
  check_mpi(MPI_Comm_dup(MPI_COMM_WORLD, &impl->comm), "MPI_Comm_dup");
  // Errors come back as return codes so that check_mpi can turn them into exceptions.
  check_mpi(MPI_Comm_set_errhandler(impl->comm, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
  return Comm(std::move(impl));
}

Comm Comm::self() {
  auto impl = std::make_unique<Impl>();
  check_mpi(MPI_Comm_dup(MPI_COMM_SELF, &impl->comm), "MPI_Comm_dup");
  check_mpi(MPI_Comm_set_errhandler(impl->comm, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
  return Comm(std::move(impl));
}

Comm::~Comm() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (impl_ && impl_->comm != MPI_COMM_NULL && !finalized) MPI_Comm_free(&impl_->comm);
}
Comm::Comm(Comm&&) noexcept = default;
Comm& Comm::operator=(Comm&&) noexcept = default;

const void* Comm::native_handle() const {
  return &impl_->comm;
}

void Comm::barrier() const {
  check_mpi(MPI_Barrier(impl_->comm), "MPI_Barrier");
}

void Comm::allreduce_raw(void* data, std::size_t n, Datatype t, ReduceOp op) const {
  ScopedType type(t);
  check_mpi(
      MPI_Allreduce(MPI_IN_PLACE, data, static_cast<int>(n), type.get(), to_mpi(op), impl_->comm),
      "MPI_Allreduce");
}

void Comm::exscan_raw(const void* in, void* out, Datatype t) const {
  ScopedType type(t);
  check_mpi(MPI_Exscan(in, out, 1, type.get(), MPI_SUM, impl_->comm), "MPI_Exscan");
}

void Comm::allgather_raw(const void* in, void* out, Datatype t) const {
  ScopedType type(t);
  check_mpi(MPI_Allgather(in, 1, type.get(), out, 1, type.get(), impl_->comm), "MPI_Allgather");
}

void Comm::allgatherv_raw(const void* in, std::size_t n, void* out,
                          const std::vector<std::uint64_t>& counts, Datatype t) const {
  if (!fits_int(counts)) throw SystemError("allgatherv: more than INT_MAX elements in total");
  ScopedType type(t);
  const auto c = to_int(counts);
  const auto d = displacements(c);
  check_mpi(MPI_Allgatherv(in, static_cast<int>(n), type.get(), out, c.data(), d.data(), type.get(),
                           impl_->comm),
            "MPI_Allgatherv");
}

void Comm::broadcast_raw(void* data, std::size_t n, Datatype t, int root) const {
  ScopedType type(t);
  auto* bytes = static_cast<char*>(data);
  const std::size_t per_chunk = std::max<std::size_t>(1, kMaxChunkBytes / t.size);
  for (std::size_t done = 0; done < n; done += per_chunk) {
    const std::size_t k = std::min(per_chunk, n - done);
    check_mpi(MPI_Bcast(bytes + done * t.size, static_cast<int>(k), type.get(), root, impl_->comm),
              "MPI_Bcast");
  }
}

std::vector<std::uint64_t> Comm::alltoall_counts(
    const std::vector<std::uint64_t>& send_counts) const {
  if (send_counts.size() != static_cast<std::size_t>(size_))
    throw SystemError("alltoallv: send_counts must have one entry per rank");
  std::vector<std::uint64_t> recv(send_counts.size());
  check_mpi(
      MPI_Alltoall(send_counts.data(), 1, MPI_UINT64_T, recv.data(), 1, MPI_UINT64_T, impl_->comm),
      "MPI_Alltoall");
  return recv;
}

// Point-to-point with the counts that both sides know from alltoall_counts: a pair with nothing
// to send exchanges no message, the rank's own part is copied, and a message over 1 GiB goes in
// chunks (no INT_MAX limit). No collective is needed to agree on a method (MPI_Alltoallv takes int
// counts, and deciding between it and a large-count fallback took an extra MPI_Allreduce on every
// exchange: a third of the collectives of a Leiden run at two ranks).
void Comm::alltoallv_raw(const void* send, const std::vector<std::uint64_t>& send_counts,
                         void* recv, const std::vector<std::uint64_t>& recv_counts,
                         Datatype t) const {
  std::vector<Peer> sends, recvs;
  std::size_t so = 0, ro = 0;
  for (int r = 0; r < size_; ++r) {
    if (r == rank_) {
      if (send_counts[r] != recv_counts[r])
        throw SystemError("alltoallv: the own part's send and receive counts differ");
      if (send_counts[r] > 0)
        std::memcpy(static_cast<char*>(recv) + ro * t.size,
                    static_cast<const char*>(send) + so * t.size, send_counts[r] * t.size);
    } else {
      if (send_counts[r] > 0) sends.push_back({r, so, send_counts[r]});
      if (recv_counts[r] > 0) recvs.push_back({r, ro, recv_counts[r]});
    }
    so += send_counts[r];
    ro += recv_counts[r];
  }
  sparse_exchange_raw(send, sends, recv, recvs, t);
}

void Comm::sparse_exchange_raw(const void* send, std::span<const Peer> sends, void* recv,
                               std::span<const Peer> recvs, Datatype t) const {
  constexpr int kTag = 7001;
  std::vector<MPI_Request> requests;
  auto post = [&](const Peer& p, char* base, bool is_send) {
    for (std::size_t done = 0; done < p.count * t.size || (done == 0 && p.count == 0);) {
      const std::size_t bytes = std::min(kMaxChunkBytes, p.count * t.size - done);
      MPI_Request req;
      char* at = base + p.offset * t.size + done;
      const int rc =
          is_send
              ? MPI_Isend(at, static_cast<int>(bytes), MPI_BYTE, p.rank, kTag, impl_->comm, &req)
              : MPI_Irecv(at, static_cast<int>(bytes), MPI_BYTE, p.rank, kTag, impl_->comm, &req);
      check_mpi(rc, is_send ? "MPI_Isend" : "MPI_Irecv");
      requests.push_back(req);
      if (bytes == 0) break;
      done += bytes;
    }
  };
  for (const Peer& p : recvs) post(p, static_cast<char*>(recv), false);
  for (const Peer& p : sends) post(p, const_cast<char*>(static_cast<const char*>(send)), true);
  check_mpi(MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE),
            "MPI_Waitall");
}

}  // namespace nexus::engine
