// run_guarded: the only place where exceptions become exit codes.
#include <cxxopts.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "engine/checkpoint.hpp"
#include "engine/error.hpp"
#include "engine/failure.hpp"
#include "jobs/commands.hpp"
#include "jobs/exit_codes.hpp"
#include "jobs/memory_check.hpp"

namespace nexus::jobs {

void print0(const engine::Runtime& rt, const std::string& text) {
  if (rt.world().rank() != 0) return;
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
}

namespace {

// How long a failing rank waits for the others to fail too before ending the job.
constexpr double kAgreeSeconds = 5.0;

int classify(const std::exception_ptr& e, std::string& message) {
  try {
    std::rethrow_exception(e);
  } catch (const cxxopts::exceptions::exception& x) {
    message = x.what();
    return kExitUsage;
  } catch (const engine::Interrupted& x) {
    message = x.what();
    return kExitInterrupted;
  } catch (const MemoryRefused& x) {
    message = x.what();
    return kExitMemory;
  } catch (const UsageError& x) {
    message = x.what();
    return kExitUsage;
  } catch (const InputError& x) {
    message = x.what();
    return kExitInput;
  } catch (const SystemError& x) {
    message = x.what();
    return kExitSystem;
  } catch (const std::invalid_argument& x) {
    message = x.what();
    return kExitUsage;
  } catch (const std::filesystem::filesystem_error& x) {
    message = x.what();
    return kExitSystem;
  } catch (const std::bad_alloc&) {
    message = "out of memory";
    return kExitSystem;
  } catch (const std::exception& x) {
    message = x.what();
    return kExitFailure;
  }
}

}  // namespace

int run_guarded(engine::Runtime& rt, const std::function<int(Cleanup&)>& body) {
  Cleanup cleanup;
  std::exception_ptr failure;
  try {
    return body(cleanup);
  } catch (...) {
    failure = std::current_exception();
  }
  std::string message;
  const int code = classify(failure, message);
  std::error_code ec;
  for (const auto& p : cleanup.paths) std::filesystem::remove(p + ".partial", ec);
  const int rank = rt.world().rank();
  if (auto all = engine::agree_on_failure(message, kAgreeSeconds)) {
    // The rank that saw the problem says most; "another rank ..." messages go last.
    std::stable_partition(all->begin(), all->end(), [](const std::string& m) {
      return m.find("another rank") == std::string::npos;
    });
    if (rank == 0)
      for (const auto& m : *all)
        std::fprintf(stderr, "nexus: %s: %s\n", code == kExitInterrupted ? "stopped" : "error",
                     m.c_str());
    if (rank == 0 && code == kExitUsage) std::fprintf(stderr, "(see nexus --help)\n");
    return code;
  }
  std::fprintf(stderr, "nexus: error on rank %d: %s\n", rank, message.c_str());
  engine::Runtime::abort_job(code);
}

}  // namespace nexus::jobs
