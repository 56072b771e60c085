// Typed exceptions. Every layer below jobs/ reports failures by throwing one of these; jobs/ turns
// them into a message on the failing rank and a distinct exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace nexus {

// Bad input data: a file that is missing, malformed, of the wrong schema, or holds invalid values.
// The message names the file (and the dataset or line) and the offending value.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A failure of the runtime (MPI, HDF5 library, file system) that is not the input's fault.
class SystemError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad options or parameters (also std::invalid_argument from algorithm parameter checks).
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace nexus
