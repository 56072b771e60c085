// agree_on_failure: MPI_Ibarrier on MPI_COMM_WORLD polled until a deadline, then a gather of the
// messages (safe: every rank is known to be here).
#include "engine/failure.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace nexus::engine {

std::optional<std::vector<std::string>> agree_on_failure(const std::string& message,
                                                         double seconds) {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (!initialized || finalized) return std::vector<std::string>{message};
  MPI_Request req;
  if (MPI_Ibarrier(MPI_COMM_WORLD, &req) != MPI_SUCCESS) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  int done = 0;
  while (!done) {
    MPI_Test(&req, &done, MPI_STATUS_IGNORE);
    if (done) break;
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const int len = static_cast<int>(message.size());
  std::vector<int> lens(size);
  MPI_Allgather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, MPI_COMM_WORLD);
  std::vector<int> displs(size, 0);
  for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + lens[r - 1];
  std::string all(static_cast<std::size_t>(displs[size - 1] + lens[size - 1]), '\0');
  MPI_Allgatherv(message.data(), len, MPI_CHAR, all.data(), lens.data(), displs.data(), MPI_CHAR,
                 MPI_COMM_WORLD);
  std::vector<std::string> distinct;
  for (int r = 0; r < size; ++r) {
    std::string m = all.substr(displs[r], lens[r]);
    if (std::find(distinct.begin(), distinct.end(), m) == distinct.end()) distinct.push_back(m);
  }
  return distinct;
}

}  // namespace nexus::engine
