// The end of a <path>.partial file that failed: its content is worthless, so rank 0 empties it
// before HDF5 closes it (on a full disk this frees the space that closing needs to flush its
// metadata; without it the close fails and the library crashes at MPI_Finalize), then it is
// closed and removed. A checked collective close for the success path, and a free-space check
// before writing: parallel HDF5 1.10 cannot always close a file after a failed write (the ranks
// can part ways inside H5Fclose), so a full disk is best refused before the first byte.
#pragma once

#include <cstdint>
#include <string>

#include "engine/comm.hpp"
#include "io/hdf5_util.hpp"

namespace nexus::io {

// Collective, once every rank knows the write failed: empty, close (errors ignored), remove.
void discard_partial(const engine::Comm& comm, const std::string& partial, h5::Id& file) noexcept;

// Collective: closes `file`; if that failed on any rank, every rank throws and `file` stays open
// where the close failed, for discard_partial.
void close_partial(const engine::Comm& comm, const std::string& partial, h5::Id& file);

// Collective: throws SystemError on every rank unless the file system of `path` has at least
// `bytes` free (rank 0 asks statvfs). Names the file, the need and the free space.
void check_free_space(const engine::Comm& comm, const std::string& path, std::uint64_t bytes);

}  // namespace nexus::io
