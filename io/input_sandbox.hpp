// The input sandbox: runs the metadata reads of an untrusted HDF5 input in a forked child process,
// so that a crash or endless loop inside libhdf5 (HDF5 1.10.8 is not hardened against hostile
// files) becomes an InputError naming the file instead of killing or hanging the job. Rank-local:
// the callers (graph header, inspect, feature files) run it on one rank and broadcast the outcome.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/comm.hpp"

namespace nexus::io {

// False when NEXUS_INPUT_SANDBOX is "0", "off", "no" or "false" (the reads then run in-process).
bool input_sandbox_enabled();

// CPU seconds the child may use on `path`: NEXUS_INPUT_SANDBOX_SECONDS when set (> 0), else
// 10 s + 1 s per 128 MiB of file, at most 120 s. The wall-clock limit is 3x that + 10 s.
double input_sandbox_cpu_limit(const std::string& path);

// Runs `work` in a child process (fork; the child never calls MPI, resets the crash signals to
// their defaults, limits its CPU time and, outside ASan builds, its address space, and ends with
// _exit) and returns the string `work` returned there. Throws what `work` threw (InputError,
// UsageError or, for anything else, SystemError, with its message), and InputError
// "<path>: corrupt HDF5 file: the HDF5 library crashed (SIGSEGV) while reading its metadata" or
// "... did not finish within N s ..." when the child dies or runs out of time (it is killed then).
// When the sandbox is disabled, or fork() fails, `work` runs in this process.
std::string run_in_input_sandbox(const std::string& path, const std::function<std::string()>& work);

// Collective: rank 0 runs `check` through run_in_input_sandbox; if that threw, every rank throws
// (rank 0 its error, the others one naming the file).
void check_in_input_sandbox(const std::string& path, const engine::Comm& comm,
                            const std::function<void()>& check);

}  // namespace nexus::io
