// discard_partial and close_partial (partial_file.hpp).
#include "io/partial_file.hpp"

#include <unistd.h>

#include <filesystem>

#include "engine/error.hpp"

namespace nexus::io {

void discard_partial(const engine::Comm& comm, const std::string& partial, h5::Id& file) noexcept {
  try {
    if (comm.rank() == 0 && file.get() >= 0) (void)::truncate(partial.c_str(), 0);
    comm.barrier();  // nobody closes (and flushes) before the space is free
  } catch (...) {
  }
  file.reset();
  std::error_code ec;
  if (comm.rank() == 0) std::filesystem::remove(partial, ec);
}

void close_partial(const engine::Comm& comm, const std::string& partial, h5::Id& file) {
  std::exception_ptr err;
  if (file.get() >= 0) {
    try {
      h5::check_status(H5Fclose(file.get()), partial + ": closing");
      file.release();
    } catch (...) {
      err = std::current_exception();
    }
  }
  h5::agree(comm, err, partial + ": another rank failed closing it");
}

void check_free_space(const engine::Comm& comm, const std::string& path, std::uint64_t bytes) {
  std::exception_ptr err;
  if (comm.rank() == 0) {
    std::error_code ec;
    const auto abs = std::filesystem::absolute(path, ec);
    const auto info = std::filesystem::space(abs.parent_path(), ec);
    if (!ec && info.available < bytes)
      err = std::make_exception_ptr(
          SystemError(path + ": not enough free space on its file system (needs up to " +
                      std::to_string(bytes / 1000000 + 1) + " MB, " +
                      std::to_string(info.available / 1000000) + " MB free); nothing was written"));
  }
  h5::agree(comm, err, path + ": not enough free space (checked on rank 0)");
}

}  // namespace nexus::io
