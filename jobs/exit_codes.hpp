// Exit codes of the nexus binary (documented in the README).
#pragma once

namespace nexus::jobs {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       // unexpected internal error
inline constexpr int kExitUsage = 2;         // bad option, parameter or job file
inline constexpr int kExitInput = 3;         // bad input data or file
inline constexpr int kExitSystem = 4;        // MPI, HDF5 or file system failure
inline constexpr int kExitVerifyFailed = 5;  // a --verify check failed (the output is written)
inline constexpr int kExitInterrupted = 6;   // stopped by SIGTERM/SIGUSR1 after a checkpoint was
                                             // written: rerun with --resume (or requeue)
inline constexpr int kExitMemory = 7;        // refused: the memory estimate exceeds the limit

}  // namespace nexus::jobs
